import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { askedGroups, clickOptions, enterCode } from './helpers.ts';

/** Every questionnaire of a two-module assignment, in order, answered in full; returns the result file. */
async function completeUnit(page: Page, first: string, last: string): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  // Before the first module, after it, before the second (its knowledge questions), after the last.
  for (const path of [`${first}/pre`, `${first}/post`, `${last}/pre`, `${last}/post`]) {
    await page.goto(`/modules/${path}/`);
    await clickOptions(
      page,
      (await askedGroups(page)).map((name) => [name, 1] as const),
    );
    await expect(page.locator('[data-progress]')).toHaveText(/^(\d+) of \1 questions answered$/);
    await page.getByRole('button', { name: 'Submit my answers' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(`/${path}/`));
  }
  await expect(page).toHaveURL(`/modules/${last}/results/`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my result file' }).click()]);
  return { name: download.suggestedFilename(), mimeType: 'application/json', buffer: readFileSync(await download.path()) };
}

test('a trainer assigns two modules, a learner completes them from the link, and the roster shows them complete', async ({ page, browser }) => {
  test.setTimeout(90_000);
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
  await enterCode(learner, ['Rosa', '12', 'Quito', '1']);
  // One attempt for the whole assignment: one result file, with every record of both modules.
  const file = await completeUnit(learner, 'referrals-that-work', 'lived-experience-and-peers');
  expect(file.name).toMatch(/^result-referrals-that-work_lived-experience-and-peers-RO-12-QU-1-/);
  await learner.goto(link.pathname + link.search);
  await expect(learner.locator('[data-module-list] li')).toHaveText([/completed/, /completed/]);
  await learner.close();

  // Trainer: the roster from the learner's files.
  await page.goto('/trainer/roster/');
  await page.getByLabel('Result files (JSON or long CSV)').setInputFiles([file]);
  await page.getByLabel(/Assignment link/).fill(link.toString());
  await page.getByRole('button', { name: 'Show the roster' }).click();
  const row = page.locator('[data-roster-table] tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row.locator('th')).toHaveText('RO-12-QU-1');
  await expect(row.locator('td').nth(0)).toHaveText('Team B');
  await expect(row.locator('td').nth(1)).toContainText('completed');
  await expect(row.locator('td').nth(2)).toContainText('completed');
});
