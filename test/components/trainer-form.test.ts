// The trainer's form starts from the options the site was built with (THEN_TEST, FOLLOW_UP_DAYS,
// FOLLOW_UP_KNOWLEDGE), so the link does what the form shows: a follow-up left at the site's default is
// left out of the link and learners get that default; a then-test the site asks of everyone cannot be
// unticked (a link cannot turn it off), and says so.
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { afterAll, describe, expect, it, vi } from 'vitest';

const SITE_ENV = { THEN_TEST: '1', FOLLOW_UP_DAYS: '120', FOLLOW_UP_KNOWLEDGE: '1' };
const before = Object.fromEntries(Object.keys(SITE_ENV).map((name) => [name, process.env[name]]));

// Test files share their worker (vitest's isolate: false): the modules that read the environment are
// loaded afresh with it set, and again with it unset after.
async function trainerPage(env: Record<string, string | undefined>): Promise<string> {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.resetModules();
  const { default: Trainer } = await import('../../src/pages/trainer/index.astro');
  const container = await AstroContainer.create();
  return container.renderToString(Trainer, { request: new Request('http://localhost/trainer/') });
}
afterAll(async () => {
  await trainerPage(before);
});

const input = (html: string, id: string) => new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)![0];

describe('the trainer form', () => {
  it('starts from the defaults of a site built without options', async () => {
    const html = await trainerPage(Object.fromEntries(Object.keys(SITE_ENV).map((name) => [name, undefined])));
    expect(input(html, 'then')).not.toMatch(/\b(checked|disabled)\b/);
    expect(input(html, 'follow-up')).toMatch(/value="90"/);
    expect(input(html, 'follow-up-knowledge')).not.toMatch(/\bchecked\b/);
    expect(html).not.toContain('every link does too');
  });

  it("starts from the site's own options, and says a then-test asked of everyone cannot be left out", async () => {
    const html = await trainerPage(SITE_ENV);
    expect(input(html, 'then')).toMatch(/\bchecked\b/);
    expect(input(html, 'then')).toMatch(/\bdisabled\b/);
    expect(html).toContain('This site asks them of every learner, so every link does too.');
    expect(input(html, 'follow-up')).toMatch(/value="120"/);
    expect(html).toMatch(/From 30 to 180 days; 120 unless you change it\./);
    expect(input(html, 'follow-up-knowledge')).toMatch(/\bchecked\b/);
  });
});
