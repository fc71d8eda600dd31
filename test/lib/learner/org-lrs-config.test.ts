// The organisation LRS settings read when the site is built: what is accepted, and that every mistake
// fails the build naming the variable (never showing the secret).
import { describe, expect, it } from 'vitest';
import { ORG_LRS_DEFAULT_ACTIVITY, orgLrsFromEnv, OrgLrsConfigError } from '../../../src/lib/learner/org-lrs-config.ts';

const good = {
  ORG_LRS_ENDPOINT: 'https://lrs.example.org/xapi',
  ORG_LRS_KEY: 'site-writer',
  ORG_LRS_SECRET: 'pa55-Wörd',
  ORG_NAME: '  Riverside   Mental Health ',
};
const fails = (env: Record<string, string | undefined>, message: RegExp) => {
  expect(() => orgLrsFromEnv(env)).toThrow(OrgLrsConfigError);
  expect(() => orgLrsFromEnv(env)).toThrow(message);
  try {
    orgLrsFromEnv(env);
  } catch (error) {
    for (const secret of [env.ORG_LRS_SECRET, env.ORG_LRS_KEY].filter((s) => s && s.length > 3)) expect((error as Error).message).not.toContain(secret);
    expect((error as Error).message).toContain('docs/organisation-lrs.md');
  }
};

describe('organisation LRS settings', () => {
  it('are off when ORG_LRS_ENDPOINT is not set (the site then sends nothing anywhere)', () => {
    expect(orgLrsFromEnv({})).toBeNull();
    expect(orgLrsFromEnv({ ORG_LRS_ENDPOINT: '  ' })).toBeNull();
  });

  it('give the endpoint with a final slash, the Basic header (UTF-8), the name on one line and the default activity', () => {
    const s = orgLrsFromEnv(good)!;
    expect(s.endpoint).toBe('https://lrs.example.org/xapi/');
    expect(s.authorization).toBe(`Basic ${Buffer.from('site-writer:pa55-Wörd', 'utf8').toString('base64')}`);
    expect(s.organisation).toBe('Riverside Mental Health');
    expect(s.activity).toBe(ORG_LRS_DEFAULT_ACTIVITY);
    expect(orgLrsFromEnv({ ...good, ORG_LRS_ACTIVITY: 'https://example.org/training/msg' })!.activity).toBe('https://example.org/training/msg');
  });

  it('accept http:// only for a local test server', () => {
    expect(orgLrsFromEnv({ ...good, ORG_LRS_ENDPOINT: 'http://127.0.0.1:4397/xapi/' })!.endpoint).toBe('http://127.0.0.1:4397/xapi/');
    expect(orgLrsFromEnv({ ...good, ORG_LRS_ENDPOINT: 'http://localhost:8080/data/xAPI' })!.endpoint).toBe('http://localhost:8080/data/xAPI/');
    fails({ ...good, ORG_LRS_ENDPOINT: 'http://lrs.example.org/xapi/' }, /ORG_LRS_ENDPOINT must start with https:\/\/ \(got http:\/\/lrs\.example\.org\)/);
    fails({ ...good, ORG_LRS_ENDPOINT: 'ftp://lrs.example.org/' }, /must start with https:\/\//);
    fails({ ...good, ORG_LRS_ENDPOINT: 'javascript:alert(1)' }, /must start with https:\/\//);
  });

  it('refuse a malformed address, credentials or a query in it, and what would break the Content-Security-Policy', () => {
    fails({ ...good, ORG_LRS_ENDPOINT: 'lrs.example.org/xapi' }, /ORG_LRS_ENDPOINT is not a web address/);
    fails({ ...good, ORG_LRS_ENDPOINT: 'https://site-writer:pa55-Wörd@lrs.example.org/xapi/' }, /user name or password in it/);
    fails({ ...good, ORG_LRS_ENDPOINT: 'https://lrs.example.org/xapi/?tenant=1' }, /must not have a query/);
    fails({ ...good, ORG_LRS_ENDPOINT: 'https://lrs.example.org/xapi/#x' }, /must not have a query/);
    // The statement resource's own address: the site would send to …/statements/statements.
    fails(
      { ...good, ORG_LRS_ENDPOINT: 'https://lrs.example.org/xapi/statements' },
      /without "statements" at the end \(e\.g\. https:\/\/lrs\.example\.org\/xapi\/\)/,
    );
    fails({ ...good, ORG_LRS_ENDPOINT: 'https://lrs.example.org/xapi/Statements/' }, /without "statements" at the end/);
    expect(orgLrsFromEnv({ ...good, ORG_LRS_ENDPOINT: 'https://lrs.example.org/mystatements-api/xapi' })!.endpoint).toBe(
      'https://lrs.example.org/mystatements-api/xapi/',
    );
    fails({ ...good, ORG_LRS_ENDPOINT: "https://lrs.example.org/x;script-src 'unsafe-inline'/" }, /Content-Security-Policy cannot hold/);
    fails({ ...good, ORG_LRS_ENDPOINT: 'https://lrs.example.org/a,b/' }, /Content-Security-Policy cannot hold/);
  });

  it('need the key, the secret and the name once the endpoint is set, and no endpoint-less leftovers', () => {
    fails({ ...good, ORG_LRS_KEY: '' }, /ORG_LRS_ENDPOINT is set but ORG_LRS_KEY is not: create a write-only/);
    fails({ ...good, ORG_LRS_SECRET: undefined }, /but ORG_LRS_SECRET is not/);
    fails({ ...good, ORG_NAME: ' ' }, /but ORG_NAME is not/);
    fails({ ...good, ORG_LRS_KEY: 'site:writer' }, /ORG_LRS_KEY must not contain ":"/);
    fails({ ...good, ORG_LRS_SECRET: 'pa55\nword' }, /ORG_LRS_SECRET has a control character/);
    fails({ ...good, ORG_NAME: 'x'.repeat(101) }, /ORG_NAME must be a name of at most 100 characters/);
    fails({ ...good, ORG_LRS_ACTIVITY: 'not an iri' }, /ORG_LRS_ACTIVITY must be an IRI/);
    fails({ ORG_LRS_KEY: 'site-writer', ORG_NAME: 'Riverside' }, /ORG_LRS_KEY, ORG_NAME are set but ORG_LRS_ENDPOINT is not/);
  });

  it('keep a name with markup as text (the page escapes it)', () => {
    expect(orgLrsFromEnv({ ...good, ORG_NAME: '<img src=x onerror=alert(1)> & Co' })!.organisation).toBe('<img src=x onerror=alert(1)> & Co');
  });
});
