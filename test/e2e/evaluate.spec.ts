import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { expect, test } from '@playwright/test';
import { analyze, importFiles } from '../../src/lib/analysis/index.ts';
import { expectNoAxeViolations } from './helpers.ts';
import { hash, instrument, knowledgeBanks, learnerRecords } from './evaluator-fixtures.ts';
import { hostileCases, validFile } from '../fixtures/hostile/cases.ts';

/** Every number in a JSON value to 12 significant digits. */
const rounded = (value: unknown): unknown =>
  typeof value === 'number'
    ? Number(value.toPrecision(12))
    : Array.isArray(value)
      ? value.map(rounded)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]))
        : value;

const SCALES = ['attitude-twelve-step', 'attitude-psychiatric', 'practice', 'confidence-knowledge', 'interest'];

function fixtureFiles() {
  const files = [
    // The first six learners also answered the knowledge questions (format 2): 2–7 of 8 right before, more after.
    ...Array.from({ length: 14 }, (_, i) => ({
      name: `learner-${i}.json`,
      text: JSON.stringify(
        learnerRecords(i, 'mutual-support-basics', SCALES, { cohort: 'North', ...(i < 6 ? { knowledge: { pre: 2 + (i % 3), post: 5 + (i % 4) } } : {}) }),
      ),
    })),
    ...[20, 21, 22].map((i) => ({ name: `pre-only-${i}.json`, text: JSON.stringify(learnerRecords(i, 'mutual-support-basics', SCALES, { post: false })) })),
    { name: '<img src=x onerror=alert(1)>.json', text: '[{"format":"msg-result-record","formatVers' },
    {
      name: 'export.csv',
      text: 'participant,timepoint,item,value,cohort\r\nZZ-01-ZZ-1,pre,att-12-helpful,4,=HYPERLINK("http://evil")\r\nZZ-01-ZZ-1,pre,att-12-helpful,9,<script>alert(1)</script>\r\n',
    },
  ];
  return files;
}

test('the dashboard imports files in the browser and shows the same report as the library, with charts and downloads', async ({ page }) => {
  const files = fixtureFiles();
  const expected = analyze(importFiles(files, instrument, hash), instrument, { knowledge: knowledgeBanks });
  // The page scores the knowledge answers with the banks built into it: the same ones as the CLI's.
  expect(expected.knowledge.find((k) => k.module === 'mutual-support-basics')).toMatchObject({ n: 6, questions: 8 });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));

  await page.goto('/evaluate/');
  await expect(page.getByText('Nothing is uploaded.')).toBeVisible();
  await page
    .getByLabel(/Result files/)
    .setInputFiles(files.map((f) => ({ name: f.name, mimeType: f.name.endsWith('.csv') ? 'text/csv' : 'application/json', buffer: Buffer.from(f.text) })));
  await page.getByRole('button', { name: 'Analyse' }).click();

  const report = page.locator('[data-report]');
  await expect(page.locator('[data-evaluate-status]')).toContainText(`${expected.sampleFlow.matched} matched pairs`);
  expect(expected.sampleFlow.matched).toBe(14);
  // 3 pre-only learners, plus the CSV's rows, which name two cohorts: one pre-only record, and rows whose only
  // answer was set aside, which make no record (an error says so; before, it was counted as knowledge-only).
  expect(expected.sampleFlow.preOnly).toBe(4);
  expect(expected.sampleFlow.knowledgeOnly).toBe(0);
  await expect(report.getByRole('heading', { name: 'Sample flow' })).toBeVisible();
  const first = expected.scales[0]!;
  await expect(report).toContainText(`t(${first.tTest.df}) = ${first.tTest.t!.toFixed(2)}`);
  await expect(report).toContainText(first.title);
  await expect(report.getByRole('heading', { name: 'Knowledge: questions answered correctly' })).toBeVisible();
  // Files with problems are listed above the report, by name (as text).
  await expect(page.locator('[data-evaluate-problems]')).toContainText('<img src=x onerror=alert(1)>.json: 1 error');
  // Problems are listed with file and reason; the hostile file name is shown as text, not run as markup.
  await expect(report).toContainText('<img src=x onerror=alert(1)>.json');
  await expect(page.locator('img')).toHaveCount(0);
  await expect(page.locator('[data-report] script')).toHaveCount(0);
  // Charts, each with a text equivalent.
  const figures = page.locator('[data-charts] figure');
  expect(await figures.count()).toBeGreaterThanOrEqual(2);
  for (const figure of await figures.all()) await expect(figure.locator('.chart-summary')).not.toBeEmpty();
  await expectNoAxeViolations(page, 'evaluate results');

  // Downloads: the same files the CLI writes.
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the report (JSON)' }).click()]);
  const downloaded = JSON.parse(readFileSync(await json.path(), 'utf8'));
  // Equal to the library's report in Node, to 12 significant digits (Chromium's and Node's V8 may differ in
  // the last bits of a root-finding CI).
  expect(rounded({ ...downloaded, meta: { ...downloaded.meta, generatedAt: null } })).toEqual(
    rounded(JSON.parse(JSON.stringify({ ...expected, meta: { ...expected.meta, generatedAt: null } }))),
  );
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /CSV \+ codebook/ }).click()]);
  const entries = unzipSync(readFileSync(await zip.path()));
  expect(Object.keys(entries)).toEqual(expect.arrayContaining(['responses_long.csv', 'wide.csv', 'codebook.csv', 'scale_scores.csv']));
  const wideHeader = strFromU8(entries['wide.csv']!).split(/\r?\n/)[0]!.split(',');
  for (const name of wideHeader) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9._]*$/);
  const long = strFromU8(entries['responses_long.csv']!);
  expect(long).not.toMatch(/(^|,)=HYPERLINK/m);
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the report (HTML)' }).click()]);
  const htmlText = readFileSync(await html.path(), 'utf8');
  expect(htmlText).toContain('&lt;img src=x onerror=alert(1)&gt;.json');
  expect(htmlText).not.toMatch(/<script/i);

  expect(dialogs).toEqual([]);
  expect(requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('blob:'))).toEqual([]);
});

test('the dashboard says what is wrong when nothing usable is given', async ({ page }) => {
  await page.goto('/evaluate/');
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(page.locator('[data-evaluate-error]')).toContainText('Choose at least one result file');
  await page.getByLabel(/Result files/).setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }]);
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(page.locator('[data-report]')).toContainText('notes.txt');
});

test('a hostile file is named with what is wrong while the valid files are analysed; the analysis can be cancelled', async ({ page }) => {
  const small = hostileCases.filter((c) => !c.big && c.make(instrument).bytes === undefined);
  const files = [validFile(instrument), ...small.map((c) => ({ name: c.name, text: c.make(instrument).text }))];
  const expected = analyze(importFiles(files, instrument, hash), instrument, { knowledge: knowledgeBanks });
  expect(expected.sampleFlow.matched).toBeGreaterThanOrEqual(1);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  await page.goto('/evaluate/');
  const input = page.getByLabel(/Result files/);
  await input.setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.text, 'utf8') })));
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(page.locator('[data-evaluate-status]')).toContainText(`${expected.sampleFlow.matched} matched pairs`);
  const problems = page.locator('[data-evaluate-problems]');
  // deep-record.json used to stop the whole analysis ("Maximum call stack size exceeded", no file named).
  await expect(problems).toContainText('deep-record.json: 1 error');
  const report = page.locator('[data-report]');
  await expect(report).toContainText('deep-record.json');
  await expect(report).toContainText('nested more than 20 levels deep (at extra.a.a.a…)');
  await expect(report).toContainText('participant code "\\u001b]0;pw\\u0007\\u001b[2J" is not a valid code');
  await expect(report).toContainText('this file mixes kinds of line break');
  await expect(page.locator('[data-evaluate-error]')).toBeHidden();
  await expect(page.locator('[data-results]')).toBeVisible();
  expect(dialogs).toEqual([]);

  // A big file (generated here, not committed): Cancel stops the work; nothing is shown later.
  const L = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const code = (i: number) =>
    `${L[i % 26]}${L[Math.floor(i / 26) % 26]}-${String((Math.floor(i / 676) % 28) + 1).padStart(2, '0')}-QQ-${Math.floor(i / 18_928) % 10}`;
  const rows = Array.from(
    { length: 250_000 },
    (_, n) => `${code(Math.floor(n / 30))},pre,${instrument.items[n % 30]!.id},${(n % 5) + 1},North,${instrument.id},${instrument.version}`,
  );
  const big = `participant,timepoint,item,value,cohort,instrument,instrument_version\n${rows.join('\n')}\n`;
  await input.setInputFiles([
    { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(big) },
    { name: validFile(instrument).name, mimeType: 'application/json', buffer: Buffer.from(validFile(instrument).text) },
  ]);
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(page.locator('[data-evaluate-progress]')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('[data-evaluate-status]')).toContainText('Cancelled');
  await expect(page.locator('[data-evaluate-progress]')).toBeHidden();
  await page.waitForTimeout(1_500);
  await expect(page.locator('[data-results]')).toBeHidden();
  await expect(page.locator('[data-evaluate-status]')).toContainText('Cancelled');
  // And it can run again.
  await input.setInputFiles([{ name: validFile(instrument).name, mimeType: 'application/json', buffer: Buffer.from(validFile(instrument).text) }]);
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(page.locator('[data-evaluate-status]')).toContainText('1 matched pairs');
});

test('the dashboard analyses the questionnaire most records name, not the one most rows of a long CSV name', async ({ page }) => {
  // 6 learners' result files (2 records each) on 1.0.0, and a long CSV of 4 people on 1.1.0: more rows, fewer records.
  const csv = Array.from({ length: 4 }, (_, p) => instrument.items.map((it) => `MA-0${p + 1}-SA-2,pre,${it.id},3,msg-attitudes,1.1.0`).join('\n'));
  const files = [
    ...[0, 1, 2, 3, 4, 5].map((i) => ({ name: `learner-${i}.json`, text: JSON.stringify(learnerRecords(i, 'mutual-support-basics', SCALES)) })),
    { name: 'newer.csv', text: `participant,timepoint,item,value,instrument,instrument_version\n${csv.join('\n')}\n` },
  ];
  await page.goto('/evaluate/');
  await page
    .getByLabel(/Result files/)
    .setInputFiles(files.map((f) => ({ name: f.name, mimeType: f.name.endsWith('.csv') ? 'text/csv' : 'application/json', buffer: Buffer.from(f.text) })));
  await page.getByRole('button', { name: 'Analyse' }).click();
  const report = page.locator('[data-report]');
  await expect(report).toContainText('Questionnaire msg-attitudes version 1.0.0');
  await expect(page.locator('[data-evaluate-status]')).toContainText('6 matched pairs');
});

test('a worker is started ahead, so Analyse does not wait for it; another once the analysis ends, none while it runs; a record edited after download is found by its checksum', async ({
  page,
}) => {
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(/(checksum|evaluate)-worker/.exec(w.url())?.[0] ?? w.url()));
  await page.goto('/evaluate/');
  // Each with the thread that checks checksums while it imports and analyses.
  await expect.poll(() => workers.toSorted()).toEqual(['checksum-worker', 'evaluate-worker']);
  // One answer edited after download, the checksum left as it was: found while the analysis goes on, so the
  // files are imported again and the record is counted as edited.
  const [pre, post] = learnerRecords(40, 'mutual-support-basics', SCALES);
  const item = Object.keys(post!.responses)[0]!;
  const edited = { ...post!, responses: { ...post!.responses, [item]: post!.responses[item] === 5 ? 1 : 5 } };
  const files = [...fixtureFiles().slice(0, 3), { name: 'edited.json', text: JSON.stringify([pre, edited]) }];
  const expected = analyze(importFiles(files, instrument, hash), instrument, { knowledge: knowledgeBanks });
  expect(expected.sampleFlow.matched).toBe(4);
  await page.getByLabel(/Result files/).setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })));
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(page.locator('[data-results]')).toBeVisible();
  await expect(page.locator('[data-evaluate-status]')).toContainText('4 matched pairs');
  await expect(page.locator('[data-report]')).toContainText('edited.json');
  await expect(page.locator('[data-report]')).toContainText('this record was edited after it was downloaded');
  // The analysis ran in the worker started ahead; the next one is started once it ended.
  await expect.poll(() => workers.filter((w) => w === 'evaluate-worker').length).toBe(2);
  await page.waitForTimeout(300);
  expect(workers.filter((w) => w === 'evaluate-worker')).toHaveLength(2);
});

test('files are read as soon as they are chosen; other files chosen before Analyse are the ones analysed', async ({ page }) => {
  const asInput = (files: { name: string; text: string }[]) => files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) }));
  await page.goto('/evaluate/');
  const input = page.getByLabel(/Result files/);
  await input.setInputFiles(asInput(fixtureFiles().slice(0, 2)));
  await page.waitForTimeout(300); // read meanwhile by the worker started ahead
  await input.setInputFiles(asInput(fixtureFiles().slice(2, 7)));
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(page.locator('[data-evaluate-status]')).toContainText('10 records read');
  await expect(page.locator('[data-evaluate-status]')).toContainText('5 matched pairs');
  await expect(page.locator('[data-report]')).toContainText('learner-6.json');
  await expect(page.locator('[data-report]')).not.toContainText('learner-0.json');
});
