// The LRS credentials go only to the LRS's origin: a redirect (3xx) or a `more` link to another origin is
// refused with a message naming both origins, never the credentials; redirects within the origin are
// followed, up to a limit. Node's fetch, left to follow redirects itself, would go on to the other origin
// (without the Authorization header, but reading its page as the LRS's): the second local server below, on
// another port, records every request and the Authorization header it came with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LrsError, MAX_REDIRECTS, pageFetcher, statementPages, type LrsQuery } from '../../../src/lib/import/lrs-paging.ts';
import { startStatementServer, type StatementServer } from '../../fixtures/lrs/statement-server.ts';

const SECRET = 'redirect-secret-77';
const statements = Array.from({ length: 4 }, (_, i) => ({ id: `s${i + 1}` }));
let lrs: StatementServer;
let elsewhere: StatementServer;

beforeAll(async () => {
  // Another origin (another port), serving pages to anyone who asks, even without credentials.
  elsewhere = await startStatementServer({ statements, pageSize: 2, answer: () => ({ status: 200, body: JSON.stringify({ statements, more: '' }) }) });
  lrs = await startStatementServer({
    statements,
    pageSize: 2,
    secret: SECRET,
    answer: (url) => {
      const to = (location: string, status = 302) => ({ status, body: '', headers: { location } });
      const path = url.pathname;
      // /moved/…: moved within the LRS (a relative and an absolute Location).
      if (path.startsWith('/moved/')) return to(`${path.slice('/moved'.length)}${url.search}`, 301);
      if (path.startsWith('/moved-abs/')) return to(`${lrs.origin}${path.slice('/moved-abs'.length)}${url.search}`, 308);
      // /away-302/… and /away-307/…: to the other origin.
      const away = /^\/away-(\d+)\//.exec(path);
      if (away) return to(`${elsewhere.origin}/xapi/statements${url.search}`, Number(away[1]));
      if (path.startsWith('/loop/')) return to(path);
      if (path.startsWith('/no-location/')) return { status: 302, body: '' };
      // /more-away/…: the first page's more link leads to the other origin.
      if (path.startsWith('/more-away/'))
        return { status: 200, body: JSON.stringify({ statements: statements.slice(0, 2), more: `${elsewhere.origin}/xapi/statements?from=2` }) };
      return undefined;
    },
  });
});
afterAll(async () => {
  await lrs.close();
  await elsewhere.close();
});

const query = (path: string): LrsQuery => ({ endpoint: `${lrs.origin}${path}`, activity: 'a', key: 'key', secret: SECRET });
const pull = async (q: LrsQuery) => {
  const pages: unknown[][] = [];
  for await (const page of statementPages(q)) pages.push(page);
  return pages;
};
const failure = (q: LrsQuery) =>
  pull(q).then(
    () => {
      throw new Error('the pull should have failed');
    },
    (error: Error) => error,
  );

describe('LRS redirects and more links', () => {
  it('refuses a 302 or 307 to another origin, naming both origins, and the other origin is never asked', async () => {
    for (const status of [302, 307]) {
      elsewhere.requests.length = 0;
      const error = await failure(query(`/away-${status}/xapi/`));
      expect(error).toBeInstanceOf(LrsError);
      expect(error.message).toBe(
        `the LRS's redirect (HTTP ${status}) for ${lrs.origin}/away-${status}/xapi/statements points to another origin (${elsewhere.origin}, not the LRS's ${lrs.origin}); not followed, so the LRS credentials are not sent there. If the LRS has moved, give its new address with --lrs`,
      );
      expect(error.message).not.toContain(SECRET);
      expect(error.message).not.toContain(Buffer.from(`key:${SECRET}`).toString('base64'));
      expect(elsewhere.requests).toEqual([]);
    }
  });

  it('refuses a more link to another origin: the other origin is never asked, with or without credentials', async () => {
    elsewhere.requests.length = 0;
    const error = await failure(query('/more-away/xapi/'));
    expect(error.message).toMatch(
      new RegExp(
        `^the LRS's "more" link on the page of ${lrs.origin}/more-away/xapi/statements points to another origin \\(${elsewhere.origin}, not the LRS's ${lrs.origin}\\)`,
      ),
    );
    expect(elsewhere.requests).toEqual([]);
    expect(elsewhere.authorizations).toEqual([]);
  });

  it('follows a redirect within the LRS (relative or absolute), with the credentials, and pages on from where it landed', async () => {
    lrs.requests.length = 0;
    lrs.authorizations.length = 0;
    expect(await pull(query('/moved/xapi/'))).toEqual([statements.slice(0, 2), statements.slice(2)]);
    expect(lrs.requests.map((r) => r.split('?')[0])).toEqual(['/moved/xapi/statements', '/xapi/statements', '/xapi/statements']);
    expect(new Set(lrs.authorizations)).toEqual(new Set([`Basic ${Buffer.from(`key:${SECRET}`).toString('base64')}`]));
    expect(await pull(query('/moved-abs/xapi/'))).toEqual([statements.slice(0, 2), statements.slice(2)]);
  });

  it(`stops after ${MAX_REDIRECTS} redirects within the LRS, and on a redirect without a Location`, async () => {
    lrs.requests.length = 0;
    const loop = await failure(query('/loop/xapi/'));
    expect(loop.message).toBe(
      `the LRS redirected the request for ${lrs.origin}/loop/xapi/statements more than ${MAX_REDIRECTS} times (the last to ${lrs.origin}/loop/xapi/statements); stopped`,
    );
    expect(lrs.requests).toHaveLength(MAX_REDIRECTS + 1);
    expect((await failure(query('/no-location/xapi/'))).message).toMatch(/answered HTTP 302 \(a redirect\) for .* without an address to go to$/);
  });

  it('refuses a redirect or more link from https to http on the same host (another origin), and one holding a user name', async () => {
    const fake =
      (answer: (url: string) => Response): typeof fetch =>
      async (input) =>
        answer(String(input));
    const https = { endpoint: 'https://lrs.example.org/xapi/', activity: 'a', key: 'k', secret: 's' };
    const down = fake(() => new Response(null, { status: 307, headers: { location: 'http://lrs.example.org/xapi/statements' } }));
    expect((await failure({ ...https, fetch: down })).message).toMatch(
      /another origin \(http:\/\/lrs\.example\.org, not the LRS's https:\/\/lrs\.example\.org\)/,
    );
    const withUser = fake(() => new Response(JSON.stringify({ statements: [], more: 'https://me:pw@lrs.example.org/xapi/statements?p=2' })));
    const error = await failure({ ...https, fetch: withUser });
    expect(error.message).toMatch(/"more" link .* holds a user name or password \(https:\/\/lrs\.example\.org\/xapi\/statements\); not followed$/);
    expect(error.message).not.toMatch(/me:pw/);
    const browser = fake(() => Object.defineProperty(new Response(null, { status: 200 }), 'type', { value: 'opaqueredirect' }));
    expect((await failure({ ...https, fetch: browser })).message).toMatch(/redirected the request .* to an address that cannot be checked; not followed$/);
  });

  it('the page fetcher itself sends the credentials to no other origin, whoever asks it (the CLI asks from another thread)', async () => {
    const before = elsewhere.requests.length;
    const refused = await pageFetcher(query('/xapi/'))(new URL(`${elsewhere.origin}/xapi/statements`)).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(LrsError);
    expect((refused as Error).message).toMatch(/points to another origin/);
    expect((refused as Error).message).not.toContain(SECRET);
    expect(elsewhere.requests.length).toBe(before);
  });
});
