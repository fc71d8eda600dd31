import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { describe, expect, it } from 'vitest';
import PageHead from '../../src/components/PageHead.astro';
import { SITE_NAME } from '../../src/lib/site.ts';

const container = await AstroContainer.create();
const csp = (html: string) => /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
const directives = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );

describe('PageHead', () => {
  it('gives the page title with the site name, the description and a same-site-only policy', async () => {
    const html = await container.renderToString(PageHead, { props: { title: 'Lesson 1', description: 'About <groups> & "you"' } });
    expect(html).toContain(`<title>Lesson 1 | ${SITE_NAME}</title>`);
    expect(html).toContain('<meta name="description" content="About <groups> &amp; &quot;you&quot;">');
    const policy = directives(csp(html)!);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.has('frame-src')).toBe(false);
  });

  it('lets the LMS wrapper frame the site and reach only the LMS origins it was built for', async () => {
    const bare = directives(csp(await container.renderToString(PageHead, { props: { title: 'Training module', description: 'd', csp: 'lms-wrapper' } }))!);
    expect(bare.get('connect-src')).toEqual(["'self'"]);
    const html = await container.renderToString(PageHead, {
      props: { title: 'Training module', description: 'd', csp: 'lms-wrapper', lmsOrigins: ['https://lrs.example.org'] },
    });
    const site = directives(csp(await container.renderToString(PageHead, { props: { title: 't', description: 'd' } }))!);
    const lms = directives(csp(html)!);
    expect(lms.get('connect-src')).toEqual(["'self'", 'https://lrs.example.org']);
    expect(lms.get('frame-src')).toEqual(["'self'"]);
    for (const [name, values] of site) if (name !== 'connect-src') expect(lms.get(name), name).toEqual(values);
    expect(lms.get('script-src')).toEqual(["'self'"]);
  });
});
