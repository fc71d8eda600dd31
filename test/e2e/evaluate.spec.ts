import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { expect, test } from '@playwright/test';
import { analyze, importFiles } from '../../src/lib/analysis/index.ts';
import { expectNoAxeViolations } from './helpers.ts';
import { hash, instrument, learnerRecords } from './evaluator-fixtures.ts';

const SCALES = ['attitude-twelve-step', 'attitude-psychiatric', 'practice', 'confidence-knowledge', 'interest'];

function fixtureFiles() {
  const files = [
    ...Array.from({ length: 14 }, (_, i) => ({ name: `learner-${i}.json`, text: JSON.stringify(learnerRecords(i, 'mutual-support-basics', SCALES, { cohort: 'North' })) })),
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
  const expected = analyze(importFiles(files, instrument, hash), instrument);
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));

  await page.goto('/evaluate/');
  await expect(page.getByText('Nothing is uploaded.')).toBeVisible();
  await expectNoAxeViolations(page, 'evaluate empty');
  await page.getByLabel(/Result files/).setInputFiles(files.map((f) => ({ name: f.name, mimeType: f.name.endsWith('.csv') ? 'text/csv' : 'application/json', buffer: Buffer.from(f.text) })));
  await page.getByRole('button', { name: 'Analyse' }).click();

  const report = page.locator('[data-report]');
  await expect(page.locator('[data-evaluate-status]')).toContainText(`${expected.sampleFlow.matched} matched pairs`);
  expect(expected.sampleFlow.matched).toBe(14);
  // 3 pre-only learners, plus the CSV's rows, which name two cohorts and so make two pre-only records.
  expect(expected.sampleFlow.preOnly).toBe(5);
  await expect(report.getByRole('heading', { name: 'Sample flow' })).toBeVisible();
  const first = expected.scales[0]!;
  await expect(report).toContainText(`t(${first.tTest.df}) = ${first.tTest.t!.toFixed(2)}`);
  await expect(report).toContainText(first.title);
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
  expect({ ...downloaded, meta: { ...downloaded.meta, generatedAt: null } }).toEqual(JSON.parse(JSON.stringify({ ...expected, meta: { ...expected.meta, generatedAt: null } })));
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
