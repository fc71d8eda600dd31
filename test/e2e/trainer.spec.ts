import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { askedGroups, chooseRadio, expectNoAxeViolations, expectReflow, makeCode, tabTo } from './helpers.ts';

test('a trainer makes a link for two modules; a learner opens it and their records carry the cohort', async ({ page }) => {
  await page.goto('/trainer/');
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
  const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Due date (optional)').fill(due);
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

  // The questionnaire before the first module (the first in the trainer's order) starts one attempt for
  // both modules, and its record carries the cohort.
  await makeCode(page, 'referrals-that-work', ['Ana', '3', 'Lima', '0']);
  await page.goto('/modules/referrals-that-work/pre/');
  const [first] = await askedGroups(page, 'item');
  await chooseRadio(page, first!, 2);
  await tabTo(page, page.getByRole('button', { name: 'Submit my answers' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: /Submit with/ }));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/modules\/referrals-that-work\/lessons\//);
  const attempt = await page.evaluate(
    () => JSON.parse(localStorage.getItem('msg-training:learner')!).units['referrals-that-work+mutual-support-basics'].current,
  );
  expect(attempt.modules).toEqual(['referrals-that-work', 'mutual-support-basics']);
  const record = attempt.steps.pre.record;
  expect(record.cohort).toBe('North team 7');
  expect(record.participant).toBe('AN-03-LI-0');
  expect(record.modules).toEqual(['referrals-that-work', 'mutual-support-basics']);
  expect(record.responses[first!]).toBe(3);
});

test('a malformed or hostile assignment link gives a clear message, never a broken page', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
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
  // Long words (an address in the note, a long cohort code, an unknown module's name quoted back) wrap at 320 px.
  const url = 'https://intranet.example.org/training/mental-health/mutual-support/before-the-team-meeting-reading-list.pdf';
  await page.goto(`/assignment/?m=mutual-support-basics&c=${'C'.repeat(40)}&note=${encodeURIComponent(`Read ${url} first`)}`);
  await expect(page.locator('[data-note]')).toContainText(url);
  await expectReflow(page, 'assignment with a long address in its note');
  // A note on several lines keeps its lines.
  await page.goto(`/assignment/?m=mutual-support-basics&c=A&note=${encodeURIComponent('Line one.\nLine two.')}`);
  expect(await page.locator('[data-note]').evaluate((note) => (note as HTMLElement).innerText)).toBe('Line one.\nLine two.');
  await page.goto(`/assignment/?m=${'x'.repeat(60)}&c=${'C'.repeat(41)}`);
  await expect(page.locator('[data-assignment-error]')).toBeVisible();
  await expectReflow(page, 'assignment errors quoting long texts');
  await page.goto('/trainer/');
  await page
    .getByRole('checkbox', { name: /Mutual support groups/ })
    .first()
    .check();
  await page.getByLabel('Cohort code').fill('C'.repeat(40));
  await page.getByLabel('Note to learners (optional)').fill(`Read ${url} first`);
  await page.getByRole('button', { name: 'Make the link' }).click();
  await expect(page.locator('[data-sheet-note]')).toContainText(url);
  await expectReflow(page, "the trainer's sheet with a long address in its note");
  expect(errors).toEqual([]);
});

test("a trainer's link for two modules does not hide the first module taken on its own before", async ({ page }) => {
  // The module on its own: the questionnaire before the lessons, submitted.
  await makeCode(page, 'referrals-that-work', ['Bea', '4', 'Rome', '1']);
  await page.goto('/modules/referrals-that-work/pre/');
  const [first] = await askedGroups(page, 'item');
  await chooseRadio(page, first!, 3);
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  await page.getByRole('button', { name: /Submit with/ }).click();
  await page.waitForURL(/\/modules\/referrals-that-work\/lessons\//);
  const alone = await page.evaluate(() => JSON.parse(localStorage.getItem('msg-training:learner')!).units['referrals-that-work'].current);

  // Then the trainer's link for it and another module: the module's page now belongs to the assignment,
  // and still lists the attempt taken on its own, for download.
  await page.goto('/assignment/?m=referrals-that-work,mutual-support-basics&c=South-2');
  await expect(page.locator('[data-module-list] li')).toHaveCount(2);
  await page.goto('/modules/referrals-that-work/');
  await expect(page.locator('[data-unit]')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Earlier attempts' })).toBeVisible();
  const started = `${alone.startedAt.slice(0, 10)} ${alone.startedAt.slice(11, 16)} UTC`;
  const button = `Download the attempt started ${started} (on its own)`;
  await expect(page.locator('[data-archive-list] li')).toHaveText([`On its own, started ${started}: 1 questionnaire submitted. ${button}`]);
  await expectNoAxeViolations(page, 'overview listing an attempt taken on its own');
  await tabTo(page, page.getByRole('button', { name: button }));
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(JSON.parse(readFileSync(await download.path(), 'utf8'))).toEqual([alone.steps.pre.record]);
});
