import { expect, test } from '@playwright/test';
import { chooseRadio, expectNoAxeViolations, tabTo } from './helpers.ts';

test('a trainer makes a link for two modules; a learner opens it and their records carry the cohort', async ({ page }) => {
  await page.goto('/trainer/');
  await expectNoAxeViolations(page, 'trainer');
  // Keyboard: tick two modules, move the second above the first, fill the form.
  await tabTo(page, page.getByRole('checkbox', { name: /what they are and what the evidence says/ }));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('checkbox', { name: /From listing to linking/ }));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: /Move "From listing to linking.*" up/ }));
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Cohort code'));
  await page.keyboard.type('North team 7');
  await page.getByLabel('Due date (optional)').fill('2026-12-31');
  await tabTo(page, page.getByLabel('Note to learners (optional)'));
  await page.keyboard.type('Finish before the January team meeting.');
  await tabTo(page, page.getByRole('button', { name: 'Make the link' }));
  await page.keyboard.press('Enter');
  const link = page.locator('[data-sheet-link]');
  await expect(link).toBeVisible();
  const href = await link.getAttribute('href');
  expect(href).toContain('/assignment/?');
  const url = new URL(href!);
  expect(url.searchParams.get('m')).toBe('referrals-that-work,mutual-support-basics');
  expect(url.searchParams.get('c')).toBe('North team 7');
  await expect(page.locator('[data-sheet-qr] svg')).toBeVisible();
  await expectNoAxeViolations(page, 'trainer sheet');

  // The learner opens the link: exactly those modules, in that order.
  await page.goto(url.pathname + url.search);
  await expect(page.locator('[data-cohort]')).toHaveText('North team 7');
  await expect(page.locator('[data-module-list] li')).toHaveCount(2);
  await expect(page.locator('[data-module-list] li').first()).toContainText('From listing to linking');
  await expect(page.locator('[data-note]')).toHaveText('Finish before the January team meeting.');
  await expectNoAxeViolations(page, 'assignment landing');

  // Their pre record carries the cohort.
  await page.goto('/modules/mutual-support-basics/code/');
  for (const [label, value] of [[/mother's/, 'Ana'], [/Day of the month/, '3'], [/town or city/, 'Lima'], [/older brothers/, '0']] as const) {
    await page.getByLabel(label).fill(value);
  }
  await page.getByRole('button', { name: 'Make my code' }).click();
  await page.goto('/modules/mutual-support-basics/pre/');
  const first = await page.locator('fieldset[data-kind="item"]').first().getAttribute('data-question');
  await chooseRadio(page, first!, 2);
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  await page.getByRole('button', { name: /Submit with/ }).click();
  await page.waitForURL(/lessons/);
  const record = await page.evaluate(() => JSON.parse(localStorage.getItem('msg-training:learner')!).modules['mutual-support-basics'].current.pre.record);
  expect(record.cohort).toBe('North team 7');
  expect(record.participant).toBe('AN-03-LI-0');
});

test('a malformed or hostile assignment link gives a clear message, never a broken page', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); void d.dismiss(); });
  const cases = [
    ['?m=no-such-module&c=A', /does not have: "no-such-module"/],
    ['?m=mutual-support-basics&c=%3Cscript%3Ealert(1)%3C%2Fscript%3E', /cohort code may use only/],
    ['?m=mutual-support-basics&c=A&due=2026-02-30', /not a valid date/],
    ['?m=mutual-support-basics&c=A&note=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', /not allowed/],
    ['?m=mutual-support-basics&c=A&note=' + 'x'.repeat(300), /longer than 280/],
    ['', /has no modules/],
  ] as const;
  for (const [search, message] of cases) {
    await page.goto(`/assignment/${search}`);
    const box = page.locator('[data-assignment-error]');
    await expect(box).toBeVisible();
    await expect(box).toContainText(message);
    await expect(page.locator('[data-assignment]')).toBeHidden();
    await expect(page.locator('img')).toHaveCount(0);
  }
  await expectNoAxeViolations(page, 'assignment error');
  expect(errors).toEqual([]);
});
