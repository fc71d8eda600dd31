// `npm run analyze -- --lrs URL --activity IRI`: records pulled from a local endpoint that follows the xAPI
// statement resource (paging with `more`, the version header, 401 on bad credentials); the secret never
// appears in anything the CLI prints.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordStatement } from '../../src/lib/scorm-cmi5/cmi5-statements.ts';
import { attemptRecords } from '../../src/lib/learner/learner-state.ts';
import { MODULE, moduleDictionary, moduleState, testClock } from '../fixtures/lms/course.ts';
import { startStatementServer, type StatementServer } from '../fixtures/lrs/statement-server.ts';
import { bundledCli } from './bundled-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = bundledCli();
const SOURCE = join(ROOT, 'src/cli/analyze.ts');
const ACTIVITY = 'https://lms.example/au/1';
const SECRET = 'sup3r-secret-value';

function cli(args: string[], env: Record<string, string>, entry = CLI): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...entry, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

let lrs: StatementServer;
/** Another origin (another port), where a redirect of the activity ".../moved-away" leads. */
let elsewhere: StatementServer;
let endpoint = '';
beforeAll(async () => {
  elsewhere = await startStatementServer({ statements: [], pageSize: 1 });
  const dict = moduleDictionary();
  // Six learners' pre and post records, as six cmi5 sessions sent them, two statements per page.
  const statements = Array.from({ length: 6 }, (_, i) => {
    const state = moduleState(dict, {}, testClock(`2026-11-2${i}T09:00:00.000Z`));
    const records = attemptRecords(state.learner.units[MODULE]!.current);
    const ctx = {
      actor: { objectType: 'Agent', account: { homePage: 'https://lms.example', name: `u${i}` } },
      activityId: ACTIVITY,
      registration: `6f1d4c9a-2b7e-4f3a-9c1d-8e5b2a7f0c3${i}`,
      contextTemplate: {},
    };
    return records.map((r, k) => recordStatement(ctx, r, `00000000-0000-4000-8000-0000000000${i}${k}`));
  }).flat();
  lrs = await startStatementServer({
    statements,
    pageSize: 2,
    key: 'key',
    secret: SECRET,
    // The third page of the activity ".../broken" is not JSON; the second of ".../moved-away" redirects to another origin.
    answer: (url, from) => {
      const activity = url.searchParams.get('activity') ?? '';
      if (from === 4 && activity.endsWith('/broken')) return { status: 200, body: '<html>maintenance</html>' };
      if (from === 2 && activity.endsWith('/moved-away'))
        return { status: 307, body: '', headers: { location: `${elsewhere.endpoint}statements${url.search}` } };
      return undefined;
    },
  });
  endpoint = lrs.endpoint;
});
afterAll(async () => {
  await lrs.close();
  await elsewhere.close();
});

describe('npm run analyze -- --lrs', () => {
  it('pulls every page and analyses the records the packages sent', async () => {
    const run = await cli(['--lrs', endpoint, '--activity', ACTIVITY], { LRS_KEY: 'key', LRS_SECRET: SECRET });
    expect(run.stderr).toMatch(/LRS: read 12 statements in 6 pages/);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.sampleFlow).toBeTruthy();
    // The pages are read as files, and said apart.
    expect(run.stderr).toContain('Read 6 LRS pages with records, 12 records: 12 imported');
    expect(report.sampleFlow).toMatchObject({ files: 6, lrsPages: 6 });
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
  }, 60_000);

  it('stops with a clear message on refused credentials, without showing them, and wants them from the environment', async () => {
    const refused = await cli(['--lrs', endpoint, '--activity', ACTIVITY], { LRS_KEY: 'key', LRS_SECRET: 'wrong-value-42' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refused the credentials \(HTTP 401\)/);
    expect(refused.stderr).not.toContain('wrong-value-42');
    const missing = await cli(['--lrs', endpoint, '--activity', ACTIVITY], { LRS_KEY: '', LRS_SECRET: '' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/LRS_KEY and LRS_SECRET/);
    expect((await cli(['--lrs', endpoint], { LRS_KEY: 'key', LRS_SECRET: SECRET })).stderr).toMatch(/needs --activity/);
  }, 60_000);

  it('sends a key and secret of any characters as UTF-8 (RFC 7617), as the LRS reads them', async () => {
    const server = await startStatementServer({ statements: [], pageSize: 2, key: 'clé', secret: 's€cret-ü' });
    try {
      const run = await cli(['--lrs', server.endpoint, '--activity', ACTIVITY], { LRS_KEY: 'clé', LRS_SECRET: 's€cret-ü' });
      expect(run.stderr).toMatch(/LRS: read 0 statements in 1 page/);
      expect(run.stderr).toContain(`LRS: no result record for --activity ${ACTIVITY}: the LRS sent no "submitted" statement carrying one. Check --activity`);
      expect(run.stderr).not.toContain('s€cret-ü');
    } finally {
      await server.close();
    }
  }, 60_000);

  it('refuses, as a bad argument (status 2) and before any request, an address that would send the credentials in clear text or drop part of it, and a key or secret HTTP cannot carry', async () => {
    const env = { LRS_KEY: 'key', LRS_SECRET: SECRET };
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--lrs', 'http://192.0.2.2:8766/xapi/'], env, /must start with https:\/\/ \(got http:\/\/192\.0\.2\.2:8766\).*127\.0\.0\.1, localhost or \[::1\]/],
      [['--lrs', 'ftp://127.0.0.1/x'], env, /must start with https:\/\//],
      [['--lrs', 'not a url'], env, /is not an LRS address/],
      [['--lrs', `${endpoint}?key=abc`], env, /must not have a query/],
      [['--lrs', 'https://u:pw@lrs.example.org/xapi/'], env, /not in the address/],
      // The statement resource given for the endpoint; a local date form that would read as another day.
      [['--lrs', `${endpoint}statements`], env, /without "statements" at the end \(e\.g\. http:\/\/127\.0\.0\.1:\d+\/xapi\/\)/],
      [['--lrs', endpoint, '--since', '01/09/2026'], env, /--since takes an ISO 8601 date or time/],
      [['--lrs', endpoint, '--since', '2026-09-01 08:00'], env, /--since takes an ISO 8601 date or time/],
      [['--lrs', endpoint], { LRS_KEY: 'k:ey', LRS_SECRET: SECRET }, /LRS_KEY must not contain ":"/],
      [['--lrs', endpoint], { LRS_KEY: 'key', LRS_SECRET: `${SECRET}\n` }, /LRS_SECRET has a control character/],
    ];
    const before = lrs.requests.length;
    for (const [args, vars, message] of cases) {
      const run = await cli([...args, '--activity', ACTIVITY], vars);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
      expect(run.stderr).not.toContain('pw@');
    }
    expect(lrs.requests.length).toBe(before);
  }, 60_000);

  it('refuses a redirect to another origin, naming both origins: the credentials never leave the LRS', async () => {
    const run = await cli(['--lrs', endpoint, '--activity', `${ACTIVITY}/moved-away`], { LRS_KEY: 'key', LRS_SECRET: SECRET });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `analyze: LRS: the LRS's redirect (HTTP 307) for ${lrs.origin}/xapi/statements points to another origin (${elsewhere.origin}, not the LRS's ${lrs.origin}); not followed, so the LRS credentials are not sent there. If the LRS has moved, give its new address with --lrs\n`,
    );
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
    expect(elsewhere.requests).toEqual([]);
  }, 60_000);

  it('gives the same report from the bundle (npm run analyze) as from the TypeScript source, the pages coming from a thread of their own, and stops where a page is broken', async () => {
    const env = { LRS_KEY: 'key', LRS_SECRET: SECRET };
    const [fromBundle, fromSource] = await Promise.all([
      cli(['--lrs', endpoint, '--activity', ACTIVITY], env),
      cli(['--lrs', endpoint, '--activity', ACTIVITY], env, [SOURCE]),
    ]);
    expect(fromBundle.status, fromBundle.stderr).toBe(0);
    const report = (text: string) => ({ ...JSON.parse(text), meta: { ...JSON.parse(text).meta, generatedAt: null } });
    expect(report(fromBundle.stdout)).toEqual(report(fromSource.stdout));
    expect(fromBundle.stderr).toBe(fromSource.stderr);
    for (const entry of [CLI, [SOURCE]]) {
      const broken = await cli(['--lrs', endpoint, '--activity', `${ACTIVITY}/broken`], env, entry);
      expect(broken.status).toBe(1);
      expect(broken.stderr).toMatch(/^analyze: LRS: the LRS sent something that is not JSON for http:\/\/127\.0\.0\.1:\d+\/xapi\/statements\n$/);
    }
  }, 60_000);
});
