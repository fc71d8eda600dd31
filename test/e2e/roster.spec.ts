import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './helpers.ts';
import { instrument, learnerRecords, participantCode } from './evaluator-fixtures.ts';
import { hostileCases } from '../fixtures/hostile/cases.ts';
import { verificationCode } from '../../src/lib/records/sign.ts';

const BASICS = ['attitude-twelve-step', 'attitude-psychiatric', 'practice', 'confidence-knowledge', 'interest'];
const REFERRALS = ['practice', 'confidence-knowledge', 'interest'];

test('the roster shows who completed which assigned module, with counts and a CSV download', async ({ page }) => {
  const cohort = 'North team 7';
  const files = [
    ...[0, 1, 2, 3].map((i) => ({ name: `learner-${i}.json`, records: learnerRecords(i, 'mutual-support-basics', BASICS, { cohort }) })),
    { name: 'learner-4.json', records: learnerRecords(4, 'mutual-support-basics', BASICS, { cohort, post: false }) },
    {
      name: 'learner-5.json',
      records: [...learnerRecords(5, 'mutual-support-basics', BASICS, { cohort }), ...learnerRecords(5, 'referrals-that-work', REFERRALS, { cohort })],
    },
    { name: 'other-cohort.json', records: learnerRecords(6, 'mutual-support-basics', BASICS, { cohort: 'South' }) },
  ].map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(f.records)) }));
  files.push({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('[{"format": "msg-result-rec') });

  await page.goto('/trainer/roster/');
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
  const csv = readFileSync(await download.path(), 'utf8')
    .trim()
    .split(/\r?\n/);
  expect(csv[0]).toBe(
    'participant,cohort,mutual_support_basics_status,mutual_support_basics_pre_completed,mutual_support_basics_post_completed,mutual_support_basics_certificate,referrals_that_work_status,referrals_that_work_pre_completed,referrals_that_work_post_completed,referrals_that_work_certificate',
  );
  expect(csv).toHaveLength(7);
  // The certificate's verification code, as the learner's certificate page makes it from the record after the lessons.
  const post = learnerRecords(0, 'mutual-support-basics', BASICS, { cohort }).find((r) => r.timepoint === 'post')!;
  const code = verificationCode([post]);
  expect(csv.find((l) => l.startsWith(participantCode(0)))).toContain(code);
  await expect(page.locator('[data-roster-table] tbody')).toContainText(`certificate ${code}`);
  expect(csv.find((l) => l.startsWith(participantCode(4)))).toContain('pre only');
});

test('the roster explains a bad assignment link instead of failing', async ({ page }) => {
  await page.goto('/trainer/roster/');
  await page
    .getByLabel('Result files (JSON or long CSV)')
    .setInputFiles([{ name: 'a.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(learnerRecords(1, 'mutual-support-basics', BASICS))) }]);
  await page.getByLabel(/Assignment link/).fill('?m=nope&c=A');
  await page.getByRole('button', { name: 'Show the roster' }).click();
  await expect(page.locator('[data-roster-error]')).toContainText('does not have: "nope"');
});

test('a hostile file is named with what is wrong while the others count; rows of a CSV without a module column are kept', async ({ page }) => {
  const cohort = 'North team 7';
  const hostile = (name: string) => ({
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(hostileCases.find((c) => c.name === name)!.make(instrument).text),
  });
  const item = instrument.items[0]!.id;
  const files = [
    {
      name: 'learner-0.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(learnerRecords(0, 'mutual-support-basics', BASICS, { cohort }))),
    },
    // Used to make the roster throw with no message at all ("Maximum call stack size exceeded").
    hostile('deep-record.json'),
    hostile('no-module-column.csv'),
    hostile('terminal-escapes.csv'),
    {
      name: 'lms-export.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `participant,timepoint,item,value,cohort\r\n${participantCode(1)},pre,${item},4,${cohort}\r\n${participantCode(1)},post,${item},5,${cohort}\n${participantCode(2)},pre,${item},3,${cohort}\r\n`,
      ),
    },
  ];

  await page.goto('/trainer/roster/');
  await page.getByLabel('Result files (JSON or long CSV)').setInputFiles(files);
  await page.getByRole('button', { name: 'Show the roster' }).click();
  const problems = page.locator('[data-roster-problems]');
  await expect(problems).toContainText('deep-record.json, record 1: this entry cannot be read safely: it is nested more than 20 levels deep');
  await expect(problems).toContainText('terminal-escapes.csv, line 2: participant code "\\u001b]0;pw\\u0007" is not a valid code');
  await expect(problems).toContainText('lms-export.csv, line 3: this file mixes kinds of line break');
  await expect(page.locator('[data-roster-error]')).toBeHidden();
  // Without a link: the rows that name no module have their own column.
  const head = page.locator('[data-roster-table] thead');
  await expect(head).toContainText('Module not named in the file');
  await expect(page.locator('[data-roster-summary]')).toContainText(
    // 3 from no-module-column.csv and 3 from lms-export.csv (terminal-escapes.csv's only good-looking row is set aside).
    '6 records named no module (a long CSV without a module column): shown under "Module not named in the file".',
  );
  const row = (code: string) => page.locator('[data-roster-table] tbody tr', { has: page.locator('th', { hasText: code }) });
  await expect(row('MA-07-SA-2')).toContainText('completed');
  await expect(row(participantCode(1))).toContainText('completed');
  await expect(row(participantCode(0))).toContainText('completed');
  await expect(row('AB-01-CD-3')).toContainText('pre only'); // the valid record after the deep one

  // With a one-module link: those rows count for its module (the ones of the link's cohort).
  await page.getByLabel(/Assignment link/).fill(`?m=mutual-support-basics&c=${encodeURIComponent(cohort)}`);
  await page.getByRole('button', { name: 'Show the roster' }).click();
  await expect(page.locator('[data-roster-summary]')).toContainText(`counted for Mutual support groups`);
  await expect(page.locator('[data-roster-summary]')).toContainText('named no cohort (for example a long CSV without a cohort column)');
  await expect(page.locator('[data-roster-counts] tbody tr')).toHaveCount(1);
  await expect(page.locator('[data-roster-counts] tbody tr td')).toHaveText(['2', '1', '0', '0']);
  await expect(row(participantCode(1))).toContainText('completed');
  await expect(row(participantCode(2))).toContainText('pre only');
  await expectNoAxeViolations(page, 'roster with problems');
});
