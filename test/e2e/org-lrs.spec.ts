// A site built with an organisation LRS (ORG_LRS_*, docs/organisation-lrs.md), against a counting LRS
// started here: nothing leaves before the learner's yes, what is sent equals the downloaded file, a
// failing or unreachable LRS loses nothing (across a reload), two tabs store each record once, the LMS
// wrapper sends nothing, and no request goes to any host but the site and the LRS.
//
// The site under test: when the served build (the usual dist/) was built with ORG_LRS_ENDPOINT pointing at
// 127.0.0.1, that one is used and the LRS is started on its port. Otherwise the site is built here once
// more with ORG_LRS_* into a temporary folder (about a minute on 2 cores) and served by a small static server.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './helpers.ts';
import { MODULE, moduleDictionary, moduleState } from '../fixtures/lms/course.ts';
import { RECORD_EXTENSION } from '../../src/lib/records/xapi-vocabulary.ts';

// One LRS on the port the site was built for: the tests take turns.
test.describe.configure({ mode: 'serial' });

const ORG = 'Riverside Mental Health Services';
const RESULTS = `/modules/${MODULE}/results/`;
const ORG_KEY = 'msg-training:org-lrs';

interface PageConfig {
  endpoint: string;
  authorization: string;
}

const configIn = (html: string): PageConfig | null => {
  const json = /id="org-lrs-data"[^>]*>([^<]*)<\/script>/.exec(html)?.[1];
  return json ? (JSON.parse(json) as PageConfig) : null;
};

/** An LRS that stores statements by id as xAPI says, counts every request, and can be told to fail. */
function countingLrs(config: PageConfig) {
  const lrs = {
    requests: 0,
    /** Method and path of every request, for messages. */
    log: [] as string[],
    stored: new Map<string, Record<string, unknown>>(),
    /** Successful PUTs of a statement the LRS already held (harmless, but what the page avoids). */
    repeats: 0,
    failed: 0,
    /** PUTs still to refuse with HTTP 500. */
    failing: 0,
    server: null as Server | null,
    reset() {
      Object.assign(lrs, { requests: 0, log: [], repeats: 0, failed: 0, failing: 0 });
      lrs.stored.clear();
    },
  };
  lrs.server = createServer(async (req, res) => {
    lrs.requests++;
    lrs.log.push(`${req.method} ${req.url}`);
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-headers': 'Authorization, Content-Type, X-Experience-API-Version',
      'access-control-allow-methods': 'PUT, POST, GET, OPTIONS',
    };
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url!, 'http://x');
    const answer = (status: number, text = '') =>
      res.writeHead(status, { ...cors, 'content-type': 'text/plain', 'x-experience-api-version': '1.0.3' }).end(text);
    if (req.method === 'OPTIONS') return answer(204);
    if (req.method !== 'PUT' || url.pathname !== `${new URL(config.endpoint).pathname}statements`) return answer(404, 'not found');
    if (req.headers.authorization !== config.authorization) return answer(401, 'bad credentials');
    if (req.headers['x-experience-api-version'] !== '1.0.3') return answer(400, 'X-Experience-API-Version missing');
    if (lrs.failing > 0) {
      lrs.failing--;
      lrs.failed++;
      return answer(500, 'LRS down for maintenance');
    }
    const id = url.searchParams.get('statementId')!;
    const statement = JSON.parse(body) as Record<string, unknown>;
    if (statement.id !== id) return answer(400, 'statementId and id differ');
    const held = lrs.stored.get(id);
    if (held && JSON.stringify(held) !== body) return answer(409, 'another statement has this id');
    if (held) lrs.repeats++;
    lrs.stored.set(id, statement);
    return answer(204);
  });
  return lrs;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain',
};

/** The built folder at its own origin, as astro preview serves it (a folder's index.html). */
async function serveFolder(dir: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(dir) || !existsSync(file)) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let site: { origin: string; config: PageConfig };
let lrs: ReturnType<typeof countingLrs>;
const cleanups: (() => void)[] = [];

test.beforeAll(async ({ baseURL }, testInfo) => {
  const served = configIn(await (await fetch(`${baseURL}${RESULTS}`)).text());
  if (served) {
    site = { origin: baseURL!, config: served };
    lrs = countingLrs(served);
    await new Promise<void>((resolve, reject) => lrs.server!.once('error', reject).listen(Number(new URL(served.endpoint).port), '127.0.0.1', resolve));
  } else {
    // This build has no organisation LRS: build one (the LRS first, to know its port).
    testInfo.setTimeout(300_000);
    const placeholder = { endpoint: '', authorization: '' };
    lrs = countingLrs(placeholder);
    await new Promise<void>((resolve) => lrs.server!.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(lrs.server!.address() as AddressInfo).port}/xapi/`;
    const out = mkdtempSync(join(tmpdir(), 'org-lrs-site-'));
    cleanups.push(() => rmSync(out, { recursive: true, force: true }));
    const started = Date.now();
    const build = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', out], {
      env: {
        ...process.env,
        ASTRO_TELEMETRY_DISABLED: '1',
        ORG_LRS_ENDPOINT: endpoint,
        ORG_LRS_KEY: 'e2e-site-writer',
        ORG_LRS_SECRET: 'e2e-secret-Ünïcode',
        ORG_NAME: ORG,
      },
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`the build with ORG_LRS_* failed:\n${build.stdout}\n${build.stderr}`);
    // The JavaScript budgets hold for this build too (the results page carries the sending script).
    const budget = spawnSync(process.execPath, ['tools/budget.mjs', out], { encoding: 'utf8' });
    if (budget.status !== 0) throw new Error(`the build with ORG_LRS_* is over a JavaScript budget:\n${budget.stdout}\n${budget.stderr}`);
    const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    testInfo.annotations.push({ type: 'org-lrs build', description: took });
    console.log(`org-lrs.spec: the served site has no organisation LRS, so it was built again with ORG_LRS_* (${took})`);
    const folder = await serveFolder(out);
    cleanups.push(() => folder.server.close());
    const config = configIn(readFileSync(join(out, RESULTS, 'index.html'), 'utf8'))!;
    Object.assign(placeholder, config);
    site = { origin: folder.origin, config };
  }
  cleanups.push(() => lrs.server!.close());
});

test.afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

test.beforeEach(() => lrs.reset());

/** Every host the browser sends a request to (pages, scripts, workers, fetches). */
function hostsContacted(context: BrowserContext): Set<string> {
  const hosts = new Set<string>();
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'http:' || url.protocol === 'https:') hosts.add(url.host);
  });
  return hosts;
}

const allowedHosts = () => [new URL(site.origin).host, new URL(site.config.endpoint).host];

/** A learner who has finished the module (pre and post submitted), stored as the pages store it. */
async function finishedLearner(page: Page, extra: Record<string, unknown> = {}): Promise<void> {
  const { learner, activity } = moduleState(moduleDictionary());
  await page.goto(`${site.origin}/`);
  await page.evaluate(
    (items) => {
      for (const [key, value] of Object.entries(items)) localStorage.setItem(key, JSON.stringify(value));
    },
    { 'msg-training:learner': learner, 'msg-training:activity': activity, ...extra },
  );
}

const section = (page: Page) => page.locator('[data-org-lrs]');
const status = (page: Page) => page.locator('[data-org-status]');
const sentRecords = () => [...lrs.stored.values()].map((s) => (s.result as { extensions: Record<string, unknown> }).extensions[RECORD_EXTENSION]);
const byTime = (records: unknown[]) =>
  [...records].sort((a, b) => ((a as { completedAt: string }).completedAt < (b as { completedAt: string }).completedAt ? -1 : 1));
const directives = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );

test('nothing is sent before the yes; after it the LRS holds exactly the downloaded file; no other host is contacted', async ({ page, context }) => {
  const hosts = hostsContacted(context);
  await finishedLearner(page);
  // The home page's privacy note says so too (not "nothing is sent anywhere").
  await expect(page.getByText(`the results page asks whether to send your result to ${ORG}`)).toBeVisible();
  await page.goto(`${site.origin}${RESULTS}`);
  await expect(section(page).getByRole('heading', { name: `Send your results to ${ORG}?` })).toBeVisible();
  await expect(section(page)).toContainText('your participant code');
  await expect(section(page)).toContainText('Not your name.');
  await expect(status(page)).toHaveText('');
  await expectNoAxeViolations(page, 'results page offering to send');

  // Only this page may connect to the LRS, and only to its endpoint; scripts only from the site.
  const policy = directives((await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'))!);
  expect(policy.get('connect-src')).toEqual(["'self'", site.config.endpoint]);
  expect(policy.get('script-src')).toEqual(["'self'"]);
  const overview = await (await fetch(`${site.origin}/modules/${MODULE}/`)).text();
  expect(overview).toContain("connect-src 'self';");
  expect(overview).not.toContain(site.config.endpoint);

  await page.waitForLoadState('networkidle');
  expect(lrs.requests).toBe(0);
  await section(page).getByRole('button', { name: 'Not now' }).click();
  await expect(status(page)).toHaveText(`Nothing has been sent to ${ORG}.`);
  await expect(status(page)).toBeFocused();
  await page.reload();
  await expect(status(page)).toHaveText(`Nothing has been sent to ${ORG}.`);
  await page.waitForLoadState('networkidle');
  expect(lrs.requests).toBe(0);

  // A change of mind.
  await section(page)
    .getByRole('button', { name: `Send my results to ${ORG}` })
    .click();
  await expect(status(page)).toHaveText(`Sent to ${ORG}: your result records (2 of 2).`);
  await expect(section(page).getByRole('button', { name: `Stop sending to ${ORG}` })).toBeVisible();
  await expect(section(page)).toContainText('What Riverside Mental Health Services has received stays with them');
  await expectNoAxeViolations(page, 'results page after sending');
  expect(lrs.stored.size).toBe(2);
  expect(lrs.repeats).toBe(0);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my result file' }).click();
  const file = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as unknown[];
  expect(byTime(sentRecords())).toEqual(file);
  for (const statement of lrs.stored.values()) expect(JSON.stringify(statement.actor)).not.toMatch(/María|são paulo/);

  // A reload sends nothing again.
  await page.reload();
  await expect(status(page)).toHaveText(`Sent to ${ORG}: your result records (2 of 2).`);
  await page.waitForLoadState('networkidle');
  expect(lrs.stored.size).toBe(2);
  expect([...hosts].sort()).toEqual(allowedHosts().sort());
});

test('a failing LRS keeps the records waiting across a reload; they are sent when it works again', async ({ page, context }) => {
  const hosts = hostsContacted(context);
  await page.clock.install();
  await finishedLearner(page);
  lrs.failing = Number.POSITIVE_INFINITY;
  await page.goto(`${site.origin}${RESULTS}`);
  await section(page)
    .getByRole('button', { name: `Send my results to ${ORG}` })
    .click();
  const refused = `Waiting to send: ${ORG}'s server refused the results (HTTP 500: LRS down for maintenance; 0 of 2 sent). Nothing is lost: they are kept in this browser and tried again while a results page of this site is open.`;
  await expect(status(page)).toHaveText(refused);
  await expectNoAxeViolations(page, 'results page while the LRS refuses');

  await page.reload();
  await expect(status(page)).toHaveText(refused);
  const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)!), ORG_KEY);
  expect(stored.choices[MODULE]).toMatchObject({ send: true, endpoint: site.config.endpoint });
  expect(stored.sent).toEqual({});
  expect(lrs.failed).toBeGreaterThanOrEqual(2);
  expect(lrs.stored.size).toBe(0);

  // Tried again after a pause, without a reload.
  lrs.failing = 0;
  await page.clock.runFor(5_000);
  await expect(status(page)).toHaveText(`Sent to ${ORG}: your result records (2 of 2).`);
  expect(lrs.stored.size).toBe(2);
  expect(lrs.repeats).toBe(0);
  expect([...hosts].sort()).toEqual(allowedHosts().sort());
});

test('"stop sending" while the records wait: nothing goes, even once the LRS works again and the page is reloaded', async ({ page }) => {
  await page.clock.install();
  await finishedLearner(page);
  lrs.failing = Number.POSITIVE_INFINITY;
  await page.goto(`${site.origin}${RESULTS}`);
  await section(page)
    .getByRole('button', { name: `Send my results to ${ORG}` })
    .click();
  await expect(status(page)).toContainText('refused the results');
  await section(page)
    .getByRole('button', { name: `Stop sending to ${ORG}` })
    .click();
  await expect(status(page)).toHaveText(`Nothing has been sent to ${ORG}.`);
  lrs.failing = 0;
  await page.clock.runFor(70_000);
  await page.reload();
  await expect(status(page)).toHaveText(`Nothing has been sent to ${ORG}.`);
  await page.waitForLoadState('networkidle');
  expect(lrs.stored.size).toBe(0);
});

test('offline, the records wait and go as soon as the browser is back online', async ({ page, context }) => {
  await finishedLearner(page);
  await page.goto(`${site.origin}${RESULTS}`);
  await context.setOffline(true);
  await section(page)
    .getByRole('button', { name: `Send my results to ${ORG}` })
    .click();
  await expect(status(page)).toContainText('Waiting to send: this browser is offline (0 of 2 sent).');
  // Chromium's offline emulation lets the CORS preflight through; the statement itself never left.
  expect(lrs.log.filter((line) => !line.startsWith('OPTIONS '))).toEqual([]);
  await context.setOffline(false);
  await expect(status(page)).toHaveText(`Sent to ${ORG}: your result records (2 of 2).`);
  expect(lrs.stored.size).toBe(2);
});

/** A yes in one tab while the LRS refuses, a second tab on the same results; the LRS then works again. */
async function twoTabsWaiting(page: Page, context: BrowserContext): Promise<Page> {
  await finishedLearner(page);
  lrs.failing = Number.POSITIVE_INFINITY;
  await page.goto(`${site.origin}${RESULTS}`);
  await section(page)
    .getByRole('button', { name: `Send my results to ${ORG}` })
    .click();
  await expect(status(page)).toContainText('refused');
  const other = await context.newPage();
  await other.goto(`${site.origin}${RESULTS}`);
  await expect(status(other)).toContainText('refused');
  lrs.failing = 0;
  return other;
}

test('two tabs sending at once store each record once', async ({ page, context }) => {
  const other = await twoTabsWaiting(page, context);
  // Both tabs try again at the same moment (as when the browser comes back online). Not by reloading them:
  // a tab unloaded while its PUT is on the way never learns it was stored, and sends it again (harmless,
  // the LRS keeps one, but not what this test is about).
  const online = () => dispatchEvent(new Event('online'));
  await Promise.all([page.evaluate(online), other.evaluate(online)]);
  for (const tab of [page, other]) await expect(status(tab)).toHaveText(`Sent to ${ORG}: your result records (2 of 2).`);
  expect(lrs.stored.size).toBe(2);
  expect(lrs.repeats).toBe(0);
});

test('two tabs reloaded at once while their records wait: each record is stored once', async ({ page, context }) => {
  const other = await twoTabsWaiting(page, context);
  await Promise.all([page.reload(), other.reload()]);
  for (const tab of [page, other]) await expect(status(tab)).toHaveText(`Sent to ${ORG}: your result records (2 of 2).`);
  // A tab may be unloaded with a PUT on the way and send it again; the statement id makes it one record.
  expect(lrs.stored.size).toBe(2);
});

test('inside the LMS wrapper nothing is offered or sent, even after a yes on the public site', async ({ page }) => {
  await finishedLearner(page, {
    [ORG_KEY]: { version: 1, choices: { [MODULE]: { send: true, at: new Date().toISOString(), endpoint: site.config.endpoint } }, sent: {} },
  });
  await page.goto(`${site.origin}/lms/launch/?module=${MODULE}`);
  const frame = page.frameLocator('iframe[data-lms-frame]');
  await expect(frame.getByRole('heading', { level: 1, name: 'Your results' })).toBeVisible();
  await expect(frame.locator('[data-org-lrs]')).toBeHidden();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  expect(lrs.requests).toBe(0);
});
