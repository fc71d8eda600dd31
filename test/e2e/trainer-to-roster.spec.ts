import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

async function completeModule(page: Page, module: string): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  for (const timepoint of ['pre', 'post'] as const) {
    await page.goto(`/modules/${module}/${timepoint}/`);
    for (const fieldset of await page.locator('fieldset[data-kind="item"]').all()) await fieldset.locator('input[type="radio"]').nth(3).check();
    await page.getByRole('button', { name: 'Submit my answers' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(`/${timepoint}/`));
  }
  await page.goto(`/modules/${module}/results/`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my result file' }).click()]);
  return { name: download.suggestedFilename(), mimeType: 'application/json', buffer: readFileSync(await download.path()) };
}

test('a trainer assigns two modules, a learner completes them from the link, and the roster shows them complete', async ({ page, browser }) => {
  test.setTimeout(180_000);
  // Trainer: link for two modules and a cohort.
  await page.goto('/trainer/');
  await page.getByRole('checkbox', { name: /From listing to linking/ }).check();
  await page.getByRole('checkbox', { name: /Lived experience, peers/ }).check();
  await page.getByLabel('Cohort code').fill('Team B');
  await page.getByRole('button', { name: 'Make the link' }).click();
  const link = new URL((await page.locator('[data-sheet-link]').getAttribute('href'))!);

  // Learner, in their own browser: opens the link, makes a code, completes both modules, downloads the files.
  const learner = await browser.newPage();
  await learner.goto(link.pathname + link.search);
  await expect(learner.locator('[data-module-list] li')).toHaveCount(2);
  await learner.locator('[data-module-list] a').first().click();
  await learner.getByRole('link', { name: 'Start the module' }).click();
  for (const [label, value] of [[/mother's/, 'Rosa'], [/Day of the month/, '12'], [/town or city/, 'Quito'], [/older brothers/, '1']] as const) {
    await learner.getByLabel(label).fill(value);
  }
  await learner.getByRole('button', { name: 'Make my code' }).click();
  const files = [];
  for (const module of ['referrals-that-work', 'lived-experience-and-peers']) files.push(await completeModule(learner, module));
  await learner.goto(link.pathname + link.search);
  await expect(learner.locator('[data-module-list] li')).toHaveText([/completed/, /completed/]);
  await learner.close();

  // Trainer: the roster from the learner's files.
  await page.goto('/trainer/roster/');
  await page.getByLabel('Result files (JSON or long CSV)').setInputFiles(files);
  await page.getByLabel(/Assignment link/).fill(link.toString());
  await page.getByRole('button', { name: 'Show the roster' }).click();
  const row = page.locator('[data-roster-table] tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row.locator('th')).toHaveText('RO-12-QU-1');
  await expect(row.locator('td').nth(0)).toHaveText('Team B');
  await expect(row.locator('td').nth(1)).toContainText('completed');
  await expect(row.locator('td').nth(2)).toContainText('completed');
});
