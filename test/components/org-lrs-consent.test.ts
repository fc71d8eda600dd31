// A site built with an organisation LRS (the build's environment set before the components load): the
// results pages, and only they, may connect to that one endpoint; the offer names the organisation and
// says in plain words what would be sent; a hostile name stays text.
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Test files share their worker (vitest's isolate: false): the modules that read the environment are
// loaded afresh here with it set, and again by whoever needs them after, with it unset.
const ORG_ENV = {
  ORG_LRS_ENDPOINT: 'https://lrs.example.org/xapi',
  ORG_LRS_KEY: 'site-writer',
  ORG_LRS_SECRET: 'secret',
  ORG_NAME: 'Riverside <b>MHS</b> & "Partners"',
};
const before = Object.fromEntries(Object.keys(ORG_ENV).map((name) => [name, process.env[name]]));
Object.assign(process.env, ORG_ENV);
vi.resetModules();
afterAll(() => {
  for (const [name, value] of Object.entries(before)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.resetModules();
});
const { default: PageHead } = await import('../../src/components/PageHead.astro');
const { default: OrgLrsConsent } = await import('../../src/components/OrgLrsConsent.astro');
const { orgLrs } = await import('../../src/collections/site-options.ts');

const container = await AstroContainer.create();
const policyAt = async (path: string, props: Record<string, unknown> = {}) => {
  const html = await container.renderToString(PageHead, { props: { title: 't', description: 'd', ...props }, request: new Request(`http://localhost${path}`) });
  const policy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1]!.replace(/&#39;/g, "'");
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
};

describe('a site built with an organisation LRS', () => {
  it('lets the results pages connect to that endpoint and nowhere else; every other page stays same-site only', async () => {
    expect((await policyAt('/modules/mutual-support-basics/results/')).get('connect-src')).toEqual(["'self'", 'https://lrs.example.org/xapi/']);
    for (const path of [
      '/',
      '/modules/mutual-support-basics/',
      '/modules/mutual-support-basics/post/',
      '/modules/mutual-support-basics/certificate/',
      '/evaluate/',
      '/modules/results/',
    ]) {
      expect((await policyAt(path)).get('connect-src'), path).toEqual(["'self'"]);
    }
    const results = await policyAt('/modules/mutual-support-basics/results/');
    expect(results.get('script-src')).toEqual(["'self'"]);
    // The LMS wrapper keeps its own list (the packager's), never the organisation LRS.
    expect((await policyAt('/modules/mutual-support-basics/results/', { csp: 'lms-wrapper', lmsOrigins: ['https://lms.example'] })).get('connect-src')).toEqual(
      ["'self'", 'https://lms.example'],
    );
  });

  it('offers to send in plain words, names the organisation and the LRS host, and keeps a hostile name as text', async () => {
    const html = await container.renderToString(OrgLrsConsent, { props: { moduleId: 'mutual-support-basics', settings: orgLrs! } });
    expect(html).toContain('Send your results to Riverside &lt;b&gt;MHS&lt;/b&gt; &amp; &quot;Partners&quot;?');
    // Markup in the name is text everywhere: escaped in the content, and in the status texts (attribute
    // values, where "<" is plain text) only ever put on the page with textContent.
    expect(html.replace(/="[^"]*"/g, '=""')).not.toContain('<b>');
    expect(html).toContain('data-none="Nothing has been sent to Riverside <b>MHS</b> &amp; &quot;Partners&quot;."');
    for (const words of [
      'Nothing is sent unless you choose to send it.',
      'your participant code',
      'Not your name.',
      'lrs.example.org',
      'You can download your result file whether or not you send it',
    ]) {
      expect(html).toContain(words);
    }
    expect(html).toMatch(/<button type="button" data-send="yes"[^>]*>Send my results to Riverside/);
    expect(html).toMatch(/<button type="button" class="secondary" data-send="no"[^>]*>Not now<\/button>/);
    // The page's settings: endpoint, the write-only key's header, the statement's parts; no "<" to end the script early.
    const json = /id="org-lrs-data"[^>]*>([^<]*)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json)).toMatchObject({
      moduleId: 'mutual-support-basics',
      endpoint: 'https://lrs.example.org/xapi/',
      authorization: `Basic ${btoa('site-writer:secret')}`,
      template: { activity: 'urn:mutual-support-training:site' },
    });
  });
});
