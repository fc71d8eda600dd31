import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './helpers.ts';
import { learnerRecords, participantCode } from './evaluator-fixtures.ts';

const BASICS = ['attitude-twelve-step', 'attitude-psychiatric', 'practice', 'confidence-knowledge', 'interest'];
const REFERRALS = ['practice', 'confidence-knowledge', 'interest'];

test('the roster shows who completed which assigned module, with counts and a CSV download', async ({ page }) => {
  const cohort = 'North team 7';
  const files = [
    ...[0, 1, 2, 3].map((i) => ({ name: `learner-${i}.json`, records: learnerRecords(i, 'mutual-support-basics', BASICS, { cohort }) })),
    { name: 'learner-4.json', records: learnerRecords(4, 'mutual-support-basics', BASICS, { cohort, post: false }) },
    { name: 'learner-5.json', records: [...learnerRecords(5, 'mutual-support-basics', BASICS, { cohort }), ...learnerRecords(5, 'referrals-that-work', REFERRALS, { cohort })] },
    { name: 'other-cohort.json', records: learnerRecords(6, 'mutual-support-basics', BASICS, { cohort: 'South' }) },
  ].map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(f.records)) }));
  files.push({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('[{"format": "msg-result-rec') });

  await page.goto('/trainer/roster/');
  await expectNoAxeViolations(page, 'roster empty');
  await page.getByLabel('Result files (JSON or long CSV)').setInputFiles(files);
  const link = `http://127.0.0.1/assignment/?m=mutual-support-basics,referrals-that-work&c=${encodeURIComponent(cohort)}`;
  await page.getByLabel(/Assignment link/).fill(link);
  await page.getByRole('button', { name: 'Show the roster' }).click();

  const counts = page.locator('[data-roster-counts] tbody tr');
  await expect(counts).toHaveCount(2);
  await expect(counts.nth(0).locator('td')).toHaveText(['5', '1', '0', '0']);
  await expect(counts.nth(1).locator('td')).toHaveText(['1', '0', '0', '5']);
  await expect(page.locator('[data-roster-summary]')).toContainText('6 participant codes');
  await expect(page.locator('[data-roster-summary]')).toContainText('2 records for other modules or cohorts not shown');
  await expect(page.locator('[data-roster-table] tbody tr')).toHaveCount(6);
  await expect(page.locator('[data-roster-table] tbody')).toContainText(participantCode(5));
  await expect(page.locator('[data-roster-problems]')).toContainText('broken.json');
  await expectNoAxeViolations(page, 'roster');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the roster (CSV)' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  expect(csv[0]).toBe('participant,cohort,mutual_support_basics_status,mutual_support_basics_pre_completed,mutual_support_basics_post_completed,referrals_that_work_status,referrals_that_work_pre_completed,referrals_that_work_post_completed');
  expect(csv).toHaveLength(7);
  expect(csv.find((l) => l.startsWith(participantCode(4)))).toContain('pre only');
});

test('the roster explains a bad assignment link instead of failing', async ({ page }) => {
  await page.goto('/trainer/roster/');
  await page.getByLabel('Result files (JSON or long CSV)').setInputFiles([{ name: 'a.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(learnerRecords(1, 'mutual-support-basics', BASICS))) }]);
  await page.getByLabel(/Assignment link/).fill('?m=nope&c=A');
  await page.getByRole('button', { name: 'Show the roster' }).click();
  await expect(page.locator('[data-roster-error]')).toContainText('does not have: "nope"');
});
