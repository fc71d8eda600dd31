// /evaluate/ with exports from other systems: a REDCap export whose events are mapped on the page, and a
// Qualtrics export whose timepoint is given on the page. The report equals the library's, says which kind
// of participant id each file used, and holds nothing from the columns that identify people.
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { analyze, importFiles } from '../../src/lib/analysis/index.ts';
import { expectNoAxeViolations } from './helpers.ts';
import { hash, instrument, knowledgeBanks, learnerRecords } from './evaluator-fixtures.ts';
import { HOSTILE_MARKERS, qualtricsExport, redcapExport, type RedcapPerson } from '../fixtures/exports/other-systems.ts';

const SCALES = ['attitude-twelve-step', 'attitude-psychiatric', 'practice', 'confidence-knowledge', 'interest'];

function files() {
  const people = Array.from(
    { length: 7 },
    (_, i): RedcapPerson => ({ recordId: `K0${16 + i}`, events: i < 5 ? { visit_1_arm_1: 0, visit_2_arm_1: 1 + (i % 2) } : { visit_1_arm_1: 0 } }),
  );
  const codes = ['MA-07-SA-2', 'LU-12-RO-0', 'AB-01-CD-3', 'EF-02-GH-4', 'IJ-03-KL-5', 'MN-04-OP-6'];
  return [
    // A learner's own file names the questionnaire (1.0.0); the exports are read as that one.
    { name: 'learner-0.json', text: JSON.stringify(learnerRecords(0, 'mutual-support-basics', SCALES)) },
    { name: 'redcap-export.csv', text: redcapExport(instrument, people, { screening: true }) },
    {
      name: 'qualtrics-pre.csv',
      text: qualtricsExport(
        instrument,
        codes.map((participant, i) => ({ responseId: `R_p${i}xYz`, participant, shift: 0, person: i })),
        { embedded: ['participant'] },
      ),
    },
    {
      name: 'qualtrics-post.csv',
      text: qualtricsExport(
        instrument,
        codes.slice(0, 4).map((participant, i) => ({ responseId: `R_q${i}xYz`, participant, timepoint: 'post', shift: 1, person: i })),
      ),
    },
  ];
}

const upload = (list: ReturnType<typeof files>) =>
  list.map((f) => ({ name: f.name, mimeType: f.name.endsWith('.csv') ? 'text/csv' : 'application/json', buffer: Buffer.from(f.text) }));
const expectNoLeak = (name: string, text: string) => {
  for (const marker of HOSTILE_MARKERS) expect(text.includes(marker), `${marker} in ${name}`).toBe(false);
};

test("REDCap events and a Qualtrics timepoint given under Options: the report equals the library's and leaks nothing", async ({ page }) => {
  test.setTimeout(120_000); // three downloads and two axe runs on a shared machine
  const list = files();
  const expected = analyze(
    importFiles(list, instrument, hash, {
      redcapEvents: { visit_1_arm_1: 'pre', visit_2_arm_1: 'post' },
      timepoints: { files: { 'qualtrics-pre.csv': 'pre' } },
    }),
    instrument,
    { knowledge: knowledgeBanks },
  );
  expect(expected.sampleFlow.matched).toBe(1 + 5 + 4);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));

  await page.goto('/evaluate/');
  await page.getByText('Options').click();
  const events = page.getByLabel('REDCap events and their timepoints (optional)');
  const timepoint = page.getByLabel('Timepoint of exports that do not say (optional)');
  await expect(events).toHaveAttribute('aria-describedby', 'redcap-events-help');
  await expect(page.locator('#redcap-events-help')).toContainText('visit_1_arm_1=pre');
  await expectNoAxeViolations(page, 'evaluate options open');

  await page.getByLabel(/Result files/).setInputFiles(upload(list));
  await events.fill('visit_1_arm_1=pre, visit_2_arm_1=post');
  await timepoint.fill('qualtrics-pre.csv=pre');
  await page.getByRole('button', { name: 'Analyse' }).click();

  const report = page.locator('[data-report]');
  await expect(page.locator('[data-evaluate-status]')).toContainText(`${expected.sampleFlow.matched} matched pairs`, { timeout: 30_000 });
  const files_ = report.getByRole('table', { name: /Files: what each was read as/ });
  await expect(files_.getByRole('row', { name: /redcap-export\.csv REDCap export 12 ids from another system/ })).toBeVisible();
  await expect(files_.getByRole('row', { name: /qualtrics-pre\.csv Qualtrics export 6 participant codes/ })).toBeVisible();
  await expect(report).toContainText('REDCap export does not say which questionnaire');
  // What the page shows (a leak of markup would be text here) and the report's markup itself.
  expectNoLeak('the page text', await page.locator('body').innerText());
  expectNoLeak('the report markup', await report.innerHTML());
  await expectNoAxeViolations(page, 'evaluate other systems report');

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the report (JSON)' }).click()]);
  const downloaded = readFileSync(await json.path(), 'utf8');
  expectNoLeak('report.json', downloaded);
  const parsed = JSON.parse(downloaded);
  expect(parsed.sampleFlow).toEqual(JSON.parse(JSON.stringify(expected.sampleFlow)));
  expect(parsed.meta.sources).toEqual(expected.meta.sources);
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /CSV \+ codebook/ }).click()]);
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(await zip.path())))) expectNoLeak(name, strFromU8(bytes));
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the report (HTML)' }).click()]);
  expectNoLeak('report.html', readFileSync(await html.path(), 'utf8'));
  const origin = new URL(page.url()).origin;
  expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
});

test('a mistyped REDCap mapping is shown as an error, and nothing is analysed', async ({ page }) => {
  await page.goto('/evaluate/');
  await page.getByText('Options').click();
  await page.getByLabel(/Result files/).setInputFiles(upload(files().slice(1, 2)));
  await page.getByLabel('REDCap events and their timepoints (optional)').fill('visit_1_arm_1:pre');
  await page.getByRole('button', { name: 'Analyse' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('REDCap events (under Options): "visit_1_arm_1:pre" is not event=timepoint', { timeout: 30_000 });
  await expect(page.locator('[data-results]')).toBeHidden();
  // An event mapped twice to different timepoints: the same parsing as the command line's, the same refusal.
  await page.getByLabel('REDCap events and their timepoints (optional)').fill('visit_1_arm_1=pre, visit_1_arm_1=post');
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(alert).toContainText('REDCap events (under Options): event visit_1_arm_1 is mapped twice, to pre and to post', { timeout: 30_000 });
  await expect(page.locator('[data-results]')).toBeHidden();
  // Without a mapping, each unmapped event is listed with how many rows are left out and their lines.
  await page.getByLabel('REDCap events and their timepoints (optional)').fill('');
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(page.locator('[data-report]')).toContainText(
    /REDCap event "visit_1_arm_1" is not mapped to a timepoint: its \d+ rows? with answers (is|are) not used \(lines? \d/,
    {
      timeout: 30_000,
    },
  );
});
