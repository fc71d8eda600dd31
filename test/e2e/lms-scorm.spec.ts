// SCORM 1.2 and SCORM 2004 packages in a test LMS: scorm-again (a validating LMS-side runtime) is the
// API in the host page, which frames the package's launch URL from its imsmanifest.xml.
//
// One full learner journey (SCORM 2004): the learner completes the module; the test checks what the LMS
// recorded (each record whole as interactions), writes those interactions out as Moodle's interactions
// report lists them, imports that report and checks that it gives the same analysed numbers as the
// result file the learner downloaded; then a second session in a fresh browser (empty localStorage) with
// the stored suspend data shows every answer again. SCORM 1.2 is not walked through again: its session
// starts from a saved state (suspend data made with the learner pages' own state transitions, nothing
// reported yet), so the package reports every record at once; then it resumes the same way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { ResultRecord } from '../../src/lib/records/result-record.ts';
import { checksumMatches } from '../../src/lib/records/sign.ts';
import { MODULE as FIXTURE_MODULE, moduleDictionary, moduleState } from '../fixtures/lms/course.ts';
import { decodeSuspendData, emptyLog, encodeSuspendData } from '../../src/lib/scorm-cmi5/suspend-data.ts';
import { diffReport, scormInteractions, type ScormInteraction } from '../../src/lib/scorm-cmi5/events.ts';
import { takeSnapshot, type ModuleSnapshot } from '../../src/lib/scorm-cmi5/state.ts';
import { SCORM12_SUSPEND_LIMIT } from '../../src/lib/scorm-cmi5/scorm12.ts';
import { attemptRecords } from '../../src/lib/learner/learner-state.ts';
import { emptyActivity } from '../../src/lib/learner/activity.ts';
import { importFiles } from '../../src/lib/import/import.ts';
import { loadKnowledgeBanks } from '../../src/lib/import/knowledge-files.ts';
import { buildDataset } from '../../src/lib/analysis/dataset.ts';
import { analyzeDataset } from '../../src/lib/analysis/report.ts';
import type { ImportResult } from '../../src/lib/import/import-types.ts';
import { interactionsFromCmi, moodleInteractionsReport } from '../fixtures/moodle-interactions.ts';
import { analysedNumbers, importInteractionFiles, newestInstrument } from '../fixtures/moodle-import.ts';
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
  route,
  type Given,
  type TestServer,
} from '../fixtures/lms/e2e.ts';
import { enterCode } from './helpers.ts';

const HOST = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title></head>
<body><main><h1>Test LMS</h1></main>
<script type="module">
  import { Scorm12API, Scorm2004API } from '/scorm-again.js';
  window.startSession = (runtime, launch, cmi) => {
    const api = runtime === 'scorm12' ? new Scorm12API({ logLevel: 5, autocommit: false }) : new Scorm2004API({ logLevel: 5, autocommit: false });
    if (cmi) api.loadFromJSON(cmi);
    window.calls = [];
    const prefix = runtime === 'scorm12' ? 'LMS' : '';
    api.on(prefix + 'SetValue.cmi.*', (element, value) => window.calls.push([element, String(value)]));
    api.on(runtime === 'scorm12' ? 'LMSFinish' : 'Terminate', () => (window.finished = true));
    window.lms = api;
    window[runtime === 'scorm12' ? 'API' : 'API_1484_11'] = api;
    const frame = document.createElement('iframe');
    frame.id = 'sco';
    frame.title = 'Course content';
    frame.style.cssText = 'width: 100%; height: 900px; border: 0';
    frame.src = launch;
    document.querySelector('main').append(frame);
  };
  window.cmi = () => JSON.parse(JSON.stringify(window.lms.cmi));
</script></body></html>`;

type Cmi = Record<string, any>;
/** An interaction as scorm-again holds it (SCORM 1.2 or 2004 names). */
type HeldInteraction = {
  id: string;
  type: string;
  result: string;
  time?: string;
  timestamp?: string;
  description?: string;
  student_response?: string;
  learner_response?: string;
};

for (const runtime of ['scorm12', 'scorm2004'] as const) {
  test.describe(`${runtime === 'scorm12' ? 'SCORM 1.2' : 'SCORM 2004 4th edition'} package`, () => {
    let server: TestServer;
    let launch: string;

    test.beforeAll(async ({ browser }) => {
      const zip = packages().find((p) => p.scope === MODULE && p.runtime === runtime)!;
      const { dir, names } = unpack(zip.file);
      expect(names).toContain('imsmanifest.xml');
      expect(names).toContain('lms/launch/index.html');
      server = await serve([
        route('GET', '/host.html', (_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(HOST)),
        route('GET', '/scorm-again.js', (_, res) =>
          res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync('node_modules/scorm-again/dist/esm/scorm-again.js')),
        ),
        staticFiles('/lms/content/pkg-1/', dir),
      ]);
      // The SCO's launch URL, read from the manifest as an LMS would (and proving it parses as XML).
      const page = await browser.newPage();
      await page.goto(`${server.origin}/host.html`);
      const manifest = readFileSync(join(dir, 'imsmanifest.xml'), 'utf8');
      const info = await page.evaluate((xml) => {
        const doc = new DOMParser().parseFromString(xml, 'application/xml');
        if (doc.querySelector('parsererror')) return { error: doc.querySelector('parsererror')!.textContent };
        const sco = [...doc.getElementsByTagName('resource')].find((r) => (r.getAttribute('adlcp:scormtype') ?? r.getAttribute('adlcp:scormType')) === 'sco');
        return {
          version: doc.getElementsByTagName('schemaversion')[0]?.textContent,
          href: sco?.getAttribute('href'),
          files: [...doc.getElementsByTagName('file')].map((f) => f.getAttribute('href')),
          items: doc.getElementsByTagName('item').length,
        };
      }, manifest);
      expect(info.error).toBeUndefined();
      expect(info.version).toBe(runtime === 'scorm12' ? '1.2' : '2004 4th Edition');
      expect(info.items).toBe(1);
      expect(info.href).toBe(`lms/launch/index.html?lms=${runtime}&module=${MODULE}`);
      for (const name of names.filter((n) => n !== 'imsmanifest.xml')) expect(info.files).toContain(name);
      launch = `/lms/content/pkg-1/${info.href}`;
      await page.close();
    });

    test.afterAll(async () => server?.close());

    /** Opens a session; `status` is what the wrapper says once connected (a saved state may complete at once). */
    async function session(
      page: Page,
      cmi: Cmi | null,
      status: string | RegExp = `Connected to your LMS (${runtime === 'scorm12' ? 'SCORM 1.2' : 'SCORM 2004'})`,
    ) {
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${server.origin}/host.html`);
      await page.evaluate(([r, l, c]) => (window as any).startSession(r, l, c), [runtime, launch, cmi] as const);
      const wrapper = page.frameLocator('#sco');
      await expect(wrapper.locator('[data-lms-status]')).toContainText(status);
      return { wrapper, frame: wrapper.frameLocator('iframe[data-lms-frame]'), requests, errors };
    }
    const lmsCmi = (page: Page): Promise<Cmi> => page.evaluate(() => (window as any).cmi());
    const calls = (page: Page): Promise<[string, string][]> => page.evaluate(() => (window as any).calls);

    const dict = moduleDictionary(MODULE);
    const version = dict.instrument.version.replace(/\./g, '-');
    /** What the package writes for a learner's records (events.ts): each record whole. */
    const written = (snapshot: ModuleSnapshot): ScormInteraction[] => {
      const r = diffReport(null, snapshot, emptyLog(), dict);
      return scormInteractions(r.interactions, r.submitted);
    };
    const response = runtime === 'scorm12' ? 'student_response' : 'learner_response';
    /** The LMS holds exactly what the package writes, valid for the runtime. */
    function expectInteractions(cmi: Cmi, expected: ScormInteraction[]) {
      const held = Object.values(cmi.interactions) as HeldInteraction[];
      expect(held.map((i) => [i.id, i.type, i[response] ?? ''])).toEqual(expected.map((e) => [e.id, e.type, e.response]));
      expect(held.every((i) => i.result === 'neutral' && /^[A-Za-z0-9_-]{1,255}$/.test(i.id) && (i[response] ?? '').length <= 255)).toBe(true);
      expect(held.filter((i) => i.type === 'likert')).toHaveLength(2 * dict.module.itemIds.length);
      expect(held.filter((i) => i.id.startsWith('R_')).map((i) => i[response]!.split(' ')[0])).toEqual(['MA-07-SA-2', 'MA-07-SA-2']);
      for (const i of held) {
        if (runtime === 'scorm2004') expect(i.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\dZ$/);
        else expect(i.time).toMatch(/^\d\d:\d\d:\d\d$/);
      }
      const likert = held.filter((i) => i.type === 'likert');
      if (runtime === 'scorm2004')
        for (const i of likert)
          expect(i.description).toMatch(
            new RegExp(`^msg-attitudes ${dict.instrument.version.replace(/\./g, '\\.')} \\([0-9a-f]{8}\\), (before|after) the lessons: \\S`),
          );
      return likert;
    }

    /** The second session: a fresh browser, the LMS's stored data only; every answer back, nothing sent again. */
    async function resume(browser: Browser, suspend: string, records: { pre: ResultRecord; post: ResultRecord }, given: Given) {
      const second = await browser.newContext();
      const page2 = await second.newPage();
      const resumeCmi =
        runtime === 'scorm12'
          ? { suspend_data: suspend, core: { entry: 'resume', lesson_status: 'completed', lesson_location: 'results/' } }
          : { suspend_data: suspend, entry: 'resume', completion_status: 'completed', location: 'results/' };
      const s2 = await session(page2, resumeCmi);
      await expectModulePage(page2, 'results/index.html');
      await expect(s2.frame.locator('[data-results]')).toBeVisible();
      const restored = (await storedLearner(page2)).units[MODULE]!.current;
      // The records (with their checksums) are exactly those the learner's pages signed.
      expect(restored.steps.pre!.record).toEqual(records.pre);
      expect(restored.steps.post!.record).toEqual(records.post);
      await expectAnswersShown(page2, s2.frame, given, 'lessons/01-what-they-are/index.html');
      // Nothing is reported twice: no interactions, no second completion.
      const again = await calls(page2);
      expect(again.filter(([e]) => e.startsWith('cmi.interactions'))).toEqual([]);
      expect(again.filter(([e]) => /lesson_status|completion_status|success_status/.test(e))).toEqual([]);
      expect(s2.errors).toEqual([]);
      await second.close();
    }
    /** A saved state with the whole module done (made with the learner pages' own state transitions), nothing reported yet. */
    function savedModule() {
      const state = moduleState(dict);
      const snapshot = takeSnapshot(state.learner, state.activity, FIXTURE_MODULE);
      return { snapshot, seeded: encodeSuspendData({ snapshot, log: emptyLog() }, SCORM12_SUSPEND_LIMIT).text };
    }
    /** Checks the state a finished session left in the LMS. */
    function expectFinished(cmi: Cmi) {
      const suspend: string = cmi.suspend_data;
      console.log(`${runtime}: suspend_data after the whole module = ${suspend.length} characters`);
      expect(suspend.length).toBeGreaterThan(100);
      expect(suspend.length).toBeLessThan(4096);
      expect(suspend).not.toMatch(/lms-learner-42|Jane|María/);
      if (runtime === 'scorm12') {
        expect(cmi.core).toMatchObject({ lesson_status: 'completed', exit: 'suspend', lesson_location: 'results/' });
        expect(cmi.core.session_time).toMatch(/^\d{2,4}:\d\d:\d\d(\.\d{1,2})?$/);
        expect(cmi.core.score.raw).toBe('');
      } else {
        expect(cmi).toMatchObject({ completion_status: 'completed', success_status: 'unknown', exit: 'suspend', progress_measure: '1', location: 'results/' });
        expect(cmi.session_time).toMatch(/^PT/);
      }
      const decoded = decodeSuspendData(suspend, MODULE);
      expect(decoded.ok && decoded.payload.log).toMatchObject({ completed: true, records: [expect.any(String), expect.any(String)] });
      return suspend;
    }

    if (runtime === 'scorm2004') {
      test("completes, reports each record whole; those interactions, written out as Moodle's report lists them, give the report the downloaded result file gives; resumes in a fresh browser", async ({
        browser,
      }) => {
        test.setTimeout(180_000);
        // ---- first session: the whole module, with clicks ----
        const first = await browser.newContext();
        const page = await first.newPage();
        const s1 = await session(page, { learner_id: 'lms-learner-42', learner_name: 'Jane Doe' });
        const given = await completeModule(page, s1.frame);
        await expect.poll(async () => (await lmsCmi(page)).completion_status).toBe('completed');
        // The learner's own result file, as the evaluator would otherwise be handed it.
        const [download] = await Promise.all([page.waitForEvent('download'), s1.frame.getByRole('button', { name: 'Download my result file' }).click()]);
        const resultFile = readFileSync(await download.path(), 'utf8');
        const stored = await storedLearner(page);
        const expected = written(takeSnapshot(stored, emptyActivity(), MODULE));
        await expect.poll(async () => Object.keys((await lmsCmi(page)).interactions).length).toBe(expected.length);
        await s1.wrapper.getByRole('button', { name: 'Save and exit' }).click();
        await expect.poll(() => page.evaluate(() => (window as any).finished)).toBe(true);
        await expect(s1.wrapper.locator('[data-lms-status]')).toContainText('You can close this window');

        const cmi = await lmsCmi(page);
        const likert = expectInteractions(cmi, expected);
        const answers = (['pre', 'post'] as const).flatMap((tp) =>
          Object.entries(given[tp]).map(([item, value]) => [`${item}_${tp}_msg-attitudes_v${version}`, String(value)]),
        );
        expect(likert.map((i) => [i.id, i.learner_response])).toEqual(answers);
        const suspend = expectFinished(cmi);
        const records = stored.units[MODULE]!.current;
        expect(JSON.stringify(records)).not.toMatch(/lms-learner-42|Jane/);
        expect(s1.requests.filter((u) => !u.startsWith(server.origin))).toEqual([]);
        expect(s1.errors).toEqual([]);
        await first.close();

        // ---- the LMS's interactions as Moodle's interactions report lists them, against the result file ----
        const { instrument, hash } = newestInstrument();
        const banks = loadKnowledgeBanks('content').banks;
        const analysed = (result: ImportResult) => analysedNumbers(analyzeDataset(buildDataset(result, instrument), { knowledge: banks }));
        const report = moodleInteractionsReport(
          [
            {
              firstname: 'Jane',
              lastname: 'Doe',
              email: 'jane.doe@example.org',
              attempts: [{ attempt: 1, start: new Date(records.startedAt), finish: new Date(), interactions: interactionsFromCmi(cmi) }],
            },
          ],
          { qtext: true },
        );
        const fromLms = importInteractionFiles([{ name: 'Course-Mutual support-tab_separated.txt', text: report }], instrument, hash);
        const fromFile = importFiles([{ name: download.suggestedFilename(), text: resultFile }], instrument, hash);
        expect(fromFile.records.map((r) => r.timepoint)).toEqual(['pre', 'post']);
        expect(fromLms.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(fromLms.records.map((r) => [r.participant, r.participantKind, r.timepoint])).toEqual([
          ['MA-07-SA-2', 'code', 'pre'],
          ['MA-07-SA-2', 'code', 'post'],
        ]);
        const numbers = analysed(fromLms);
        expect(numbers.flow.matched).toBe(1);
        expect(numbers.knowledge.find((k) => k.module === MODULE)!.items[0]!.n).toBe(1);
        expect(numbers).toEqual(analysed(fromFile));
        expect(JSON.stringify(fromLms)).not.toMatch(/Jane|jane\.doe|Doe/);

        // ---- second session ----
        await resume(browser, suspend, { pre: records.steps.pre!.record!, post: records.steps.post!.record! }, given);
      });
    } else {
      test('starts from a saved state with nothing reported yet: reports each record whole at once, completes, and resumes in a fresh browser', async ({
        browser,
      }) => {
        test.setTimeout(120_000);
        const { snapshot, seeded } = savedModule();
        const [pre, post] = attemptRecords(snapshot.progress!.current);
        const first = await browser.newContext();
        const page = await first.newPage();
        const s1 = await session(
          page,
          {
            suspend_data: seeded,
            core: { student_id: 'lms-learner-42', student_name: 'Doe, Jane', entry: 'resume', lesson_status: 'incomplete', lesson_location: 'results/' },
          },
          'You have completed this module. Your LMS has been told.',
        );
        await expectModulePage(page, 'results/index.html');
        const expected = written(snapshot);
        await expect.poll(async () => Object.keys((await lmsCmi(page)).interactions).length).toBe(expected.length);
        await expect.poll(async () => (await lmsCmi(page)).core.lesson_status).toBe('completed');
        await s1.wrapper.getByRole('button', { name: 'Save and exit' }).click();
        await expect.poll(() => page.evaluate(() => (window as any).finished)).toBe(true);
        const cmi = await lmsCmi(page);
        const likert = expectInteractions(cmi, expected);
        expect(likert.map((i) => [i.id, i.student_response])).toEqual(
          (['pre', 'post'] as const).flatMap((tp) =>
            Object.entries((tp === 'pre' ? pre : post)!.responses).map(([item, v]) => [`${item}_${tp}_msg-attitudes_v${version}`, String(v)]),
          ),
        );
        const suspend = expectFinished(cmi);
        expect(s1.requests.filter((u) => !u.startsWith(server.origin))).toEqual([]);
        expect(s1.errors).toEqual([]);
        await first.close();

        const checks = snapshot.activity!.checks;
        const given: Given = {
          pre: pre!.responses as Record<string, number>,
          post: post!.responses as Record<string, number>,
          demographics: pre!.demographics as Record<string, string>,
          checks: Object.fromEntries(Object.entries(checks).filter(([, v]) => typeof v === 'number')) as Record<string, number>,
          knowledge: { pre: pre!.knowledge as Record<string, number>, post: post!.knowledge as Record<string, number> },
        };
        await resume(browser, suspend, { pre: pre!, post: post! }, given);
      });
    }

    if (runtime === 'scorm12') {
      test("a shared computer: the next LMS learner starts afresh, and sees, sends and signs nothing of the last one's; the first finds their work again", async ({
        browser,
      }) => {
        test.setTimeout(120_000);
        const { snapshot, seeded } = savedModule();
        const context = await browser.newContext(); // one browser profile: one localStorage for everyone
        const pageA = await context.newPage();
        await session(
          pageA,
          { suspend_data: seeded, core: { student_id: 'learner-a', entry: 'resume', lesson_status: 'incomplete', lesson_location: 'results/' } },
          'You have completed this module. Your LMS has been told.',
        );
        await expectModulePage(pageA, 'results/index.html');
        await expect.poll(async () => (await lmsCmi(pageA)).core.lesson_status).toBe('completed');
        const heldByA = await storedLearner(pageA);
        expect(heldByA.participant?.code).toBe(snapshot.participant);
        const cmiA = await lmsCmi(pageA);
        await pageA.close(); // A walks away without "Save and exit"

        // Learner B: nothing in the LMS yet.
        const pageB = await context.newPage();
        const b = await session(pageB, { core: { student_id: 'learner-b', entry: 'ab-initio', lesson_status: 'not attempted' } });
        await expectModulePage(pageB, 'index.html');
        await expect(b.frame.getByRole('link', { name: 'Start the module' })).toBeVisible();
        const wrapper = () => pageB.frames().find((f) => /\/lms\/launch\//.test(f.url()))!;
        const heldForB = await wrapper().evaluate(() => localStorage.getItem('msg-training:learner'));
        expect(heldForB === null || JSON.parse(heldForB).participant === null).toBe(true);
        expect(heldForB ?? '').not.toContain(snapshot.participant!);
        await b.wrapper.getByRole('button', { name: 'Save and exit' }).click();
        await expect.poll(() => pageB.evaluate(() => (window as any).finished)).toBe(true);
        const sentForB = await calls(pageB);
        expect(sentForB.filter(([e]) => e.startsWith('cmi.interactions'))).toEqual([]);
        expect(sentForB.filter(([e, v]) => e === 'cmi.core.lesson_status' && v !== 'incomplete')).toEqual([]);
        const cmiB = await lmsCmi(pageB);
        const decodedB = decodeSuspendData(cmiB.suspend_data, MODULE);
        expect(decodedB.ok && decodedB.payload.snapshot).toMatchObject({ participant: null, progress: null });
        expect(b.errors).toEqual([]);
        await pageB.close();

        // Learner A again, with what A's LMS holds: A's work is back, and nothing is reported twice.
        const pageA2 = await context.newPage();
        const a2 = await session(pageA2, {
          suspend_data: cmiA.suspend_data,
          core: { student_id: 'learner-a', entry: 'resume', lesson_status: 'completed', lesson_location: 'results/' },
        });
        await expectModulePage(pageA2, 'results/index.html');
        const back = await storedLearner(pageA2);
        expect(back.participant).toEqual(heldByA.participant); // the prompts' answers too: set aside, not lost
        expect(back.units[MODULE]!.current.steps.post!.record).toEqual(heldByA.units[MODULE]!.current.steps.post!.record);
        expect((await calls(pageA2)).filter(([e]) => e.startsWith('cmi.interactions'))).toEqual([]);
        expect(a2.errors).toEqual([]);
        await context.close();
      });
    }

    test('leaving without "Save and exit" still stores the state and ends the session', async ({ browser }) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const s = await session(page, null);
      await expectModulePage(page, 'index.html');
      await s.frame.getByRole('link', { name: 'Start the module' }).click();
      await expectModulePage(page, 'code/');
      await expect(s.frame.getByLabel(/mother's/)).toBeVisible();
      // The page has stored where the learner is (what the wrapper saves when the frame goes).
      const wrapperFrame = () => page.frames().find((f) => /\/lms\/launch\//.test(f.url()))!;
      await expect.poll(() => wrapperFrame().evaluate(() => localStorage.getItem('msg-training:activity') ?? '')).toContain('code/');
      // The LMS closes the content frame (as when the learner leaves the course).
      await page.evaluate(() => document.getElementById('sco')!.remove());
      await expect.poll(() => page.evaluate(() => (window as any).finished)).toBe(true);
      const cmi = await lmsCmi(page);
      expect(runtime === 'scorm12' ? cmi.core.exit : cmi.exit).toBe('suspend');
      expect(runtime === 'scorm12' ? cmi.core.lesson_status : cmi.completion_status).toBe('incomplete');
      const decoded = decodeSuspendData(cmi.suspend_data, MODULE);
      expect(decoded.ok && decoded.payload.snapshot.activity?.lastPath).toBe('code/');
      await context.close();
    });
  });
}

// Also a learner page that is not a secure context (an LMS on plain http has no Web Crypto): the record
// is signed by the checksum worker, which must load from the package's sub-folder, not the LMS's root.
test('SCORM 1.2 package built with --include-lms-learner-id: records carry the LMS learner id, signed (without Web Crypto, by the worker in the package)', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const zip = packages({ includeLmsLearnerId: true }).find((p) => p.scope === MODULE && p.runtime === 'scorm12')!;
  const { dir } = unpack(zip.file);
  expect(readFileSync(join(dir, 'imsmanifest.xml'), 'utf8')).toContain(`module=${MODULE}&amp;lid=1`);
  const server = await serve([
    route('GET', '/host.html', (_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(HOST)),
    route('GET', '/scorm-again.js', (_, res) =>
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync('node_modules/scorm-again/dist/esm/scorm-again.js')),
    ),
    staticFiles('/c/', dir),
  ]);
  const context = await browser.newContext();
  await context.addInitScript(() => Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined }));
  const page = await context.newPage();
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
  await page.goto(`${server.origin}/host.html`);
  await page.evaluate(
    (l) => (window as any).startSession('scorm12', l, { core: { student_id: 'lms-learner-42' } }),
    `/c/lms/launch/index.html?lms=scorm12&module=${MODULE}&lid=1`,
  );
  const frame = page.frameLocator('#sco').frameLocator('iframe[data-lms-frame]');
  await expectModulePage(page, 'index.html');
  await frame.getByRole('link', { name: 'Start the module' }).click();
  await enterCode(frame, ['MA', '7', 'SA', '2']);
  await frame.getByRole('link', { name: 'Continue to the questionnaire' }).click();
  await expectModulePage(page, 'pre/');
  await frame.locator('input[name="att-12-helpful"][value="4"]').check();
  await frame.getByRole('button', { name: 'Submit my answers' }).click();
  await frame.getByRole('button', { name: /Submit with \d+ unanswered/ }).click();
  await expectModulePage(page, 'lessons/');
  await expect
    .poll(async () => ((await storedLearner(page)).units[MODULE]!.current.steps.pre!.record as ResultRecord & { lmsLearnerId?: string }).lmsLearnerId)
    .toBe('lms-learner-42');
  const record = (await storedLearner(page)).units[MODULE]!.current.steps.pre!.record as ResultRecord;
  expect(checksumMatches(record)).toBe(true);
  expect(record.participant).toBe('MA-07-SA-2');
  expect(workers).toEqual([expect.stringMatching(/^\/c\/_astro\/sha256-worker-[\w-]+\.js$/)]);
  await context.close();
  await server.close();
});
