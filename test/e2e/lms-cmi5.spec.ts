// The cmi5 package against a minimal LMS/LRS started in the test (another origin, CORS as a real LRS):
// fetch URL (auth token, usable once), State API (LMS.LaunchData, the suspend-data document), agent
// profile, statements (stored, and served back to a query as the xAPI statement resource does). The
// wrapper is launched with real cmi5 launch parameters; the learner completes the module; the test checks
// the statement sequence and contents and validates every statement with Learning Locker's xAPI validator;
// `analyze --lrs` run against the LRS gives the same report as the learner's downloaded file; then a
// second launch (new session, fresh browser) restores everything and sends nothing twice.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as xapiValidation from '@learninglocker/xapi-validation';
import { expect, test, type Page } from '@playwright/test';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expectNoAxeViolations } from './helpers.ts';
import { moduleDictionary } from '../fixtures/lms/course.ts';
import { RECORD_EXTENSION } from '../../src/lib/scorm-cmi5/cmi5-statements.ts';
import {
  MODULE,
  completeModule,
  expectAnswersShown,
  expectModulePage,
  packages,
  serve,
  staticFiles,
  storedLearner,
  unpack,
  type TestServer,
} from '../fixtures/lms/e2e.ts';

type Validate = (data: unknown) => { path: string[]; name: string }[];
const mod = xapiValidation as unknown as { default: Validate | { default: Validate } };
const validate: Validate = typeof mod.default === 'function' ? mod.default : mod.default.default;

type Statement = Record<string, any>;
const LRS_KEY = 'lrs-user';
const LRS_SECRET = 'lrs-secret';
const TOKEN = Buffer.from(`${LRS_KEY}:${LRS_SECRET}`).toString('base64');
/** Statements per page the LRS serves at most, so a query of a few statements still takes several pages. */
const PAGE_SIZE = 1;
const actor = { objectType: 'Agent', account: { homePage: 'https://lms.example', name: 'lms-learner-42' }, name: 'Jane Doe' };
const registration = randomUUID();
const PUBLISHER_AU = 'urn:mutual-support-training:au/mutual-support-basics';
const activityId = `https://lms.example/activities/${randomUUID()}`;

/** A minimal LMS + LRS: just what cmi5 needs, with the checks a strict LRS makes. */
function lrs() {
  const statements: Statement[] = [];
  const state = new Map<string, string>();
  const fetchUsed = new Set<string>();
  const problems: string[] = [];
  let session = '';
  const key = (q: URLSearchParams) => JSON.stringify([q.get('activityId'), JSON.parse(q.get('agent') ?? 'null'), q.get('registration'), q.get('stateId')]);
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match',
    'access-control-allow-methods': 'GET, PUT, POST, DELETE, OPTIONS',
    'access-control-expose-headers': 'ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through',
    'x-experience-api-version': '1.0.3',
  };
  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res
      .writeHead(status, { ...cors, ...(body === undefined ? {} : { 'content-type': 'application/json' }) })
      .end(body === undefined ? undefined : JSON.stringify(body));
  };
  const launchData = () => ({
    contextTemplate: {
      contextActivities: { grouping: [{ id: PUBLISHER_AU }] },
      extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': session },
    },
    launchMode: 'Normal',
    moveOn: 'Completed',
    returnURL: 'https://lms.example/return',
  });
  /**
   * GET /statements as the xAPI statement resource answers it: verb, activity (with related_activities:
   * also the statement's context activities), since (stored after), limit; voided statements left out;
   * at most PAGE_SIZE statements a page, the rest behind a `more` link relative to the host.
   */
  const queries = new Map<string, { list: Statement[]; from: number; limit: number }>();
  const queryPage = (q: URLSearchParams) => {
    let query = queries.get(q.get('more') ?? '');
    if (!query) {
      const voided = new Set(statements.filter((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/voided').map((s) => s.object.id));
      const activity = q.get('activity');
      const related = q.get('related_activities') === 'true';
      const activitiesOf = (s: Statement) => [s.object, ...(related ? Object.values(s.context?.contextActivities ?? {}).flat() : [])].map((a: any) => a?.id);
      const list = statements.filter(
        (s) =>
          !voided.has(s.id) &&
          (!q.get('verb') || s.verb.id === q.get('verb')) &&
          (!activity || activitiesOf(s).includes(activity)) &&
          (!q.get('since') || s.stored > q.get('since')!),
      );
      query = { list, from: 0, limit: Math.min(Number(q.get('limit')) || PAGE_SIZE, PAGE_SIZE) };
    }
    const page = query.list.slice(query.from, query.from + query.limit);
    const next = query.from + query.limit;
    let more = '';
    if (next < query.list.length) {
      more = randomUUID();
      queries.set(more, { ...query, from: next });
    }
    return { statements: page, more: more && `/xapi/statements?more=${more}` };
  };
  const handler = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url!, 'http://x');
    if (req.method === 'OPTIONS') return (send(res, 204), true);
    if (url.pathname.startsWith('/fetch/') && req.method === 'POST') {
      if (fetchUsed.has(url.pathname)) return (send(res, 400, { 'error-code': '1', 'error-text': 'fetch URL already used' }), true);
      fetchUsed.add(url.pathname);
      return (send(res, 200, { 'auth-token': TOKEN }), true);
    }
    if (!url.pathname.startsWith('/xapi/')) return false;
    if (req.headers.authorization !== `Basic ${TOKEN}`) problems.push(`no auth on ${req.method} ${url.pathname}`);
    if (!req.headers['x-experience-api-version']) problems.push(`no version header on ${req.method} ${url.pathname}`);
    const path = url.pathname.slice('/xapi'.length);
    if (path === '/statements' && (req.method === 'POST' || req.method === 'PUT')) {
      const data = JSON.parse(body);
      const list: Statement[] = Array.isArray(data) ? data : [data];
      for (const s of list) statements.push({ ...s, id: s.id ?? url.searchParams.get('statementId') ?? randomUUID(), stored: new Date().toISOString() });
      return (send(res, req.method === 'PUT' ? 204 : 200, req.method === 'PUT' ? undefined : list.map((s) => s.id)), true);
    }
    if (path === '/statements' && req.method === 'GET') {
      if (req.headers.authorization !== `Basic ${TOKEN}`) return (send(res, 401, { message: 'unauthorised' }), true);
      return (send(res, 200, queryPage(url.searchParams)), true);
    }
    if (path === '/activities/state') {
      const k = key(url.searchParams);
      if (url.searchParams.get('stateId') === 'LMS.LaunchData') return (send(res, 200, launchData()), true);
      if (req.method === 'GET')
        return state.has(k) ? (res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(state.get(k)), true) : (send(res, 404), true);
      if (req.method === 'PUT' || req.method === 'POST') return (state.set(k, body), send(res, 204), true);
      if (req.method === 'DELETE') return (state.delete(k), send(res, 204), true);
    }
    if (path === '/agents/profile') return (send(res, 404), true);
    problems.push(`unexpected ${req.method} ${url.pathname}`);
    return (send(res, 400, {}), true);
  };
  return {
    handler,
    statements,
    state,
    problems,
    newSession: () => (session = randomUUID()),
    get session() {
      return session;
    },
  };
}

test.describe('cmi5 package', () => {
  let content: TestServer;
  let lrsServer: TestServer;
  let au: { url: string; moveOn: string | null; launchMethod: string | null; id: string | null };
  const lms = lrs();

  test.beforeAll(async ({ browser }) => {
    // The LRS listens on an origin of its own, so the package is made to allow it (and the LMS's returnURL).
    lrsServer = await serve([lms.handler]);
    const zip = packages({ allowOrigins: [lrsServer.origin, 'https://lms.example'] }).find((p) => p.scope === MODULE && p.runtime === 'cmi5')!;
    const { dir, names } = unpack(zip.file);
    expect(names).toContain('cmi5.xml');
    content = await serve([staticFiles('/lms/content/au-7/', dir)]);
    const page = await browser.newPage();
    await page.goto(`${content.origin}/lms/content/au-7/lms/launch/index.html`);
    const parsed = await page.evaluate(
      (xml) => {
        const doc = new DOMParser().parseFromString(xml, 'application/xml');
        const node = doc.getElementsByTagName('au')[0];
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          count: doc.getElementsByTagName('au').length,
          au: {
            url: node?.getElementsByTagName('url')[0]?.textContent ?? '',
            moveOn: node?.getAttribute('moveOn') ?? null,
            launchMethod: node?.getAttribute('launchMethod') ?? null,
            id: node?.getAttribute('id') ?? null,
          },
        };
      },
      readFileSync(join(dir, 'cmi5.xml'), 'utf8'),
    );
    expect(parsed.error).toBeNull();
    expect(parsed.count).toBe(1);
    au = parsed.au;
    expect(au).toMatchObject({ url: `lms/launch/index.html?lms=cmi5&module=${MODULE}`, moveOn: 'Completed', launchMethod: 'AnyWindow', id: PUBLISHER_AU });
    await page.close();
  });

  test.afterAll(async () => {
    await content?.close();
    await lrsServer?.close();
  });

  async function launch(page: Page) {
    lms.newSession();
    const q = new URLSearchParams({
      endpoint: `${lrsServer.origin}/xapi/`,
      fetch: `${lrsServer.origin}/fetch/${randomUUID()}`,
      actor: JSON.stringify(actor),
      registration,
      activityId,
    });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page
      .context()
      .route('https://lms.example/**', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>LMS</title><p>Back in the LMS</p>' }));
    await page.goto(`${content.origin}/lms/content/au-7/${au.url}&${q}`);
    await expect(page.locator('[data-lms-status]')).toContainText('Connected to your LMS (cmi5)');
    return { frame: page.frameLocator('iframe[data-lms-frame]'), requests, errors };
  }
  const verbs = (list: Statement[]) => list.map((s) => s.verb.id.split('/').pop());

  /** The analyze CLI, as an evaluator runs it (report as JSON on stdout). */
  async function analyze(args: string[], env: Record<string, string> = {}) {
    const cli = resolve(import.meta.dirname, '../../src/cli/analyze.ts');
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, report: JSON.parse(stdout) };
  }
  /**
   * What a report analysed: every section but the import details (meta, problems), without what names a
   * file or a place in one, or counts the LRS's pages (its records come from its pages, the learner's from one file).
   */
  const analysed = ({ meta, problems, ...sections }: Record<string, unknown>) =>
    JSON.parse(JSON.stringify(sections, (key, value) => (['file', 'files', 'lrsPages', 'record', 'line'].includes(key) ? undefined : value)));

  test('reports answers, completion and termination as valid cmi5 statements, and resumes from the State API', async ({ browser }) => {
    test.setTimeout(180_000);
    const first = await browser.newContext();
    const page = await first.newPage();
    const s1 = await launch(page);
    const session1 = lms.session;
    await expect(s1.frame.getByRole('link', { name: 'Start the module' })).toBeVisible();
    await expectNoAxeViolations(page, 'cmi5 wrapper with the module');
    const given = await completeModule(page, s1.frame);
    await expect.poll(() => verbs(lms.statements).includes('completed')).toBe(true);
    const storedPost = (await storedLearner(page)).units[MODULE]!.current.steps.post!.record;
    const [download] = await Promise.all([page.waitForEvent('download'), s1.frame.getByRole('button', { name: 'Download my result file' }).click()]);
    const resultFile = join(mkdtempSync(join(tmpdir(), 'cmi5-result-')), download.suggestedFilename());
    await download.saveAs(resultFile);
    await page.getByRole('button', { name: 'Save and exit' }).click();
    await expect.poll(() => verbs(lms.statements).at(-1)).toBe('terminated');
    // cmi5 asks the AU to go to returnURL after exiting.
    await expect.poll(() => page.url()).toBe('https://lms.example/return');

    const sent = [...lms.statements];
    const seq = verbs(sent);
    expect(seq[0]).toBe('initialized');
    expect(seq.at(-1)).toBe('terminated');
    expect(seq.filter((v) => v === 'completed')).toHaveLength(1);
    expect(seq.filter((v) => v === 'passed' || v === 'failed')).toEqual([]);
    expect(seq.filter((v) => v === 'answered')).toHaveLength(2 * moduleDictionary(MODULE).module.itemIds.length);
    expect(seq.indexOf('completed')).toBeGreaterThan(seq.lastIndexOf('answered'));
    expect(seq.filter((v) => v === 'submit')).toHaveLength(2);
    expect(seq.filter((v) => !['initialized', 'progressed', 'answered', 'submit', 'completed', 'terminated'].includes(v))).toEqual([]);
    // The whole records travel too: exactly the records the learner's browser signed.
    const carried = sent.filter((s) => verbs([s])[0] === 'submit').map((s) => s.result.extensions[RECORD_EXTENSION]);
    expect(carried.map((r) => r.timepoint)).toEqual(['pre', 'post']);
    expect(carried[1]).toEqual(storedPost);
    for (const s of sent) {
      expect(validate(s), `${s.verb.id}: ${JSON.stringify(validate(s))}`).toEqual([]);
      expect(s.actor).toMatchObject({ account: actor.account });
      expect(s.context.registration).toBe(registration);
      expect(s.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid']).toBe(session1);
      expect(s.context.contextActivities.grouping).toEqual([{ id: PUBLISHER_AU }]);
    }
    const cmi5Category = { id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' };
    for (const s of sent.filter((x) => ['initialized', 'completed', 'terminated'].includes(verbs([x])[0]))) {
      expect(s.object.id).toBe(activityId);
      expect(s.context.contextActivities.category).toContainEqual(cmi5Category);
    }
    const completed = sent.find((s) => verbs([s])[0] === 'completed')!;
    expect(completed.result).toMatchObject({ completion: true });
    expect(completed.context.contextActivities.category).toContainEqual({ id: 'https://w3id.org/xapi/cmi5/context/categories/moveon' });
    expect(completed.result.success).toBeUndefined();
    expect(sent.find((s) => verbs([s])[0] === 'terminated')!.result.duration).toMatch(/^PT/);

    const answered = sent.filter((s) => verbs([s])[0] === 'answered');
    const expected = (['pre', 'post'] as const).flatMap((tp) => Object.entries(given[tp]).map(([item, value]) => ({ tp, item, value })));
    const { instrument } = moduleDictionary(MODULE);
    expect(answered.map((s) => s.object.id)).toEqual(expected.map((e) => `${activityId}/test/msg-attitudes-${instrument.version}-${e.tp}/question/${e.item}`));
    for (const [n, s] of answered.entries()) {
      expect(s.result.response).toBe(String(expected[n]!.value));
      expect(s.object.definition).toMatchObject({ type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'likert' });
      const scale = instrument.items.find((i) => i.id === expected[n]!.item)!.scale;
      expect(s.object.definition.scale.map((p: { id: string }) => p.id)).toEqual(scale.map((p) => String(p.value)));
      expect(s.object.definition.description['en-US']).toMatch(
        new RegExp(`^msg-attitudes ${instrument.version.replace(/\./g, '\\.')} \\([0-9a-f]{8}\\), (before|after) the lessons: `),
      );
      expect(s.context.contextActivities.category ?? []).not.toContainEqual(cmi5Category);
    }
    expect(lms.problems).toEqual([]);
    const stored = [...lms.state.values()];
    expect(stored).toHaveLength(1);
    const suspend = JSON.parse(stored[0]!).suspendData as string;
    console.log(`cmi5: suspend data document after the whole module = ${suspend.length} characters`);
    expect(suspend).not.toMatch(/lms-learner-42|Jane|María/);
    expect(s1.requests.filter((u) => !u.startsWith(content.origin) && !u.startsWith(lrsServer.origin) && u !== 'https://lms.example/return')).toEqual([]);
    expect(s1.errors).toEqual([]);
    await first.close();

    // ---- the evaluator: the records from the LRS give the same report as the learner's file ----
    const [fromLrs, fromFile] = await Promise.all([
      analyze(['--lrs', `${lrsServer.origin}/xapi/`, '--activity', activityId], { LRS_KEY, LRS_SECRET }),
      analyze([resultFile]),
    ]);
    expect(fromLrs.stderr).toMatch(/LRS: read 2 statements in 2 pages/);
    expect(fromLrs.report.sampleFlow).toMatchObject({ imported: 2, matched: 1, rejected: 0 });
    expect(fromLrs.report.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    expect(analysed(fromLrs.report)).toEqual(analysed(fromFile.report));
    expect(`${fromLrs.stdout}${fromLrs.stderr}`).not.toContain(LRS_SECRET);

    // ---- second launch: new session and fetch URL, fresh browser ----
    const before = lms.statements.length;
    const second = await browser.newContext();
    const page2 = await second.newPage();
    const s2 = await launch(page2);
    await expectModulePage(page2, 'results/index.html');
    const restored = (await storedLearner(page2)).units[MODULE]!.current;
    expect(restored.steps.post!.record).toMatchObject({ responses: given.post });
    await expectAnswersShown(page2, s2.frame, given, 'lessons/02-kinds-of-groups/index.html');
    await page2.getByRole('button', { name: 'Save and exit' }).click();
    await expect.poll(() => verbs(lms.statements).at(-1)).toBe('terminated');
    const later = verbs(lms.statements.slice(before));
    expect(later[0]).toBe('initialized');
    expect(later.filter((v) => ['answered', 'submit', 'completed', 'passed', 'failed'].includes(v))).toEqual([]);
    for (const s of lms.statements.slice(before)) expect(validate(s)).toEqual([]);
    expect(lms.problems).toEqual([]);
    expect(s2.errors).toEqual([]);
    await second.close();
  });
});
