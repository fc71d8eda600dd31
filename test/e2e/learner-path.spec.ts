import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { builtPages, chooseRadio, expectNoAxeViolations, handScore, instrumentFile, tabTo } from './helpers.ts';

const preValue = (i: number) => ((i * 3) % 5) + 1;
const postValue = (i: number) => ((i * 2 + 1) % 5) + 1;
const SKIPPED_PRE_ITEM = 2;

async function itemNames(page: Page): Promise<string[]> {
  return page.locator('fieldset[data-kind="item"]').evaluateAll((sets) => sets.map((s) => (s as HTMLElement).dataset.question!));
}

async function checkedValues(page: Page): Promise<Record<string, string>> {
  return page.locator('input[type="radio"]:checked').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value])),
  );
}

async function reloadAndExpectSame(page: Page) {
  const before = await checkedValues(page);
  await page.reload();
  await expect.poll(() => checkedValues(page)).toEqual(before);
}

const modules = readdirSync('content/modules')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ id: f.replace(/\.yaml$/, ''), ...(parse(readFileSync(`content/modules/${f}`, 'utf8')) as { title: string; order: number; scales: string[] }) }))
  .sort((a, b) => a.order - b.order);

for (const { id: MODULE, title, scales } of modules) {
test(`a newcomer completes "${MODULE}" with the keyboard alone, losing nothing on reload`, async ({ page }) => {
  test.setTimeout(240_000);
  const lessons = builtPages().filter((p) => p.startsWith(`/modules/${MODULE}/lessons/`));
  expect(lessons.length).toBeGreaterThanOrEqual(4);

  // Home → module overview
  await page.goto('/');
  await tabTo(page, page.getByRole('link', { name: title, exact: true }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/modules/${MODULE}/`);
  await expect(page.getByRole('heading', { name: 'What is stored, and where' })).toBeVisible();
  await expectNoAxeViolations(page, 'overview');
  await tabTo(page, page.getByRole('link', { name: 'Start the module' }));
  await page.keyboard.press('Enter');

  // Participant code
  await expect(page).toHaveURL(`/modules/${MODULE}/code/`);
  await tabTo(page, page.getByLabel(/mother's/));
  await page.keyboard.type('María');
  await page.keyboard.press('Tab');
  await page.keyboard.type('7');
  await page.keyboard.press('Tab');
  await page.keyboard.type(' são paulo');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2');
  await tabTo(page, page.getByRole('button', { name: 'Make my code' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-code-value]')).toHaveText('MA-07-SA-2');
  await page.reload();
  await expect(page.locator('[data-code-value]')).toHaveText('MA-07-SA-2');
  await expectNoAxeViolations(page, 'code');
  await tabTo(page, page.getByRole('link', { name: 'Continue to the questionnaire' }));
  await page.keyboard.press('Enter');

  // Pre-questionnaire: answer all but one item, reloading half-way and at the end
  await expect(page).toHaveURL(`/modules/${MODULE}/pre/`);
  await expectNoAxeViolations(page, 'pre');
  const names = await itemNames(page);
  expect(names.length).toBeGreaterThanOrEqual(10);
  const pre: Record<string, number | null> = {};
  for (const [i, name] of names.entries()) {
    if (i === SKIPPED_PRE_ITEM) { pre[name] = null; continue; }
    await chooseRadio(page, name, preValue(i) - 1);
    pre[name] = preValue(i);
    if (i === Math.floor(names.length / 2)) await reloadAndExpectSame(page);
  }
  await chooseRadio(page, 'demo-discipline', 1);
  await chooseRadio(page, 'demo-years-setting', 2);
  await reloadAndExpectSame(page);
  await expect(page.locator('[data-progress]')).toHaveText(`${names.length - 1} of ${names.length} questions answered`);
  await tabTo(page, page.getByRole('button', { name: 'Submit my answers' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-unanswered-notice]')).toContainText('1 question is not answered');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(lessons[0]!);

  // Back on the pre page, the submitted answers are shown, locked.
  await page.goto(`/modules/${MODULE}/pre/`);
  await expect(page.locator('[data-already-done]')).toBeVisible();
  expect(Object.keys(await checkedValues(page)).filter((k) => !k.startsWith('demo-'))).toHaveLength(names.length - 1);
  await expect(page.locator(`input[name="${names[0]}"]`).first()).toBeDisabled();
  await page.goto(lessons[0]!);

  // Lessons: visit each, answer its knowledge checks, reload
  for (const [n, path] of lessons.entries()) {
    await expect(page).toHaveURL(path);
    await expectNoAxeViolations(page, path);
    const checks = page.locator('form[data-check]');
    for (let c = 0; c < (await checks.count()); c++) {
      const id = await checks.nth(c).getAttribute('data-check');
      await chooseRadio(page, `kc-${id}`, 0);
      await tabTo(page, checks.nth(c).getByRole('button', { name: 'Check my answer' }));
      await page.keyboard.press('Enter');
      await expect(checks.nth(c).locator('[data-feedback="0"]')).toBeVisible();
    }
    await reloadAndExpectSame(page);
    if ((await checks.count()) > 0) await expect(checks.first().locator('[data-feedback="0"]')).toBeVisible();
    await tabTo(page, page.locator('a[data-next]'));
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(lessons[n + 1] ?? `/modules/${MODULE}/post/`);
  }

  // Post-questionnaire: no demographics the second time
  await expect(page).toHaveURL(`/modules/${MODULE}/post/`);
  await expect(page.locator('fieldset[data-kind="demographic"]')).toHaveCount(0);
  const post: Record<string, number | null> = {};
  for (const [i, name] of names.entries()) {
    await chooseRadio(page, name, postValue(i) - 1);
    post[name] = postValue(i);
  }
  await reloadAndExpectSame(page);
  await tabTo(page, page.getByRole('button', { name: 'Submit my answers' }));
  await page.keyboard.press('Enter');

  // Results equal a hand calculation from the answers given
  await expect(page).toHaveURL(`/modules/${MODULE}/results/`);
  await expectNoAxeViolations(page, 'results');
  const inst = instrumentFile();
  for (const id of scales) {
    const row = page.locator(`tr[data-scale="${id}"]`);
    const before = handScore(inst, id, pre);
    const after = handScore(inst, id, post);
    await expect(row.locator('td').nth(0)).toHaveText(before === null ? 'not enough answers' : new RegExp(`^${before.toFixed(1)} `));
    await expect(row.locator('td').nth(1)).toHaveText(after === null ? 'not enough answers' : new RegExp(`^${after.toFixed(1)} `));
  }
  if (scales.includes('attitude-twelve-step') && scales.includes('attitude-psychiatric')) {
    const gapPre = handScore(inst, 'attitude-twelve-step', pre)! - handScore(inst, 'attitude-psychiatric', pre)!;
    await expect(page.locator('[data-comparison]')).toContainText(
      Math.abs(gapPre) < 0.05 ? 'Before the lessons, you rated both kinds of group about the same' : `${Math.abs(gapPre).toFixed(1)} points`,
    );
  }

  // Download the result file: two signed records, matching what was answered
  await tabTo(page, page.getByRole('button', { name: 'Download my result file' }));
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toBe(`result-${MODULE}-MA-07-SA-2-${todayUtc()}.json`);
  const records = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(records.map((r: { timepoint: string }) => r.timepoint)).toEqual(['pre', 'post']);
  expect(records[0].responses).toEqual(pre);
  expect(records[1].responses).toEqual(post);
  expect(records[0].demographics).toMatchObject({ discipline: 'rehabilitation-worker', 'years-setting': '3-5', degree: null });
  expect(JSON.stringify(records)).not.toMatch(/María|Maria/);

  // Certificate: verification code derived from the records
  await tabTo(page, page.getByRole('link', { name: 'See my certificate' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/modules/${MODULE}/certificate/`);
  await expectNoAxeViolations(page, 'certificate');
  const digest = createHash('sha256').update(records.map((r: { checksum: string }) => r.checksum).sort().join('\n')).digest('hex');
  const value = parseInt(digest.slice(0, 10), 16);
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let code = '';
  for (let i = 7; i >= 0; i--) code += alphabet[Math.floor(value / 32 ** i) % 32];
  await expect(page.locator('[data-cert-verification]')).toHaveText(`${code.slice(0, 4)}-${code.slice(4)}`);
  await expect(page.locator('[data-cert-code]')).toHaveText('MA-07-SA-2');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('[data-print]')).toBeHidden();
  await expect(page.locator('.certificate')).toBeVisible();
  await page.screenshot({ path: '.ci-out/certificate-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // Starting again keeps the finished attempt downloadable
  await page.goto(`/modules/${MODULE}/`);
  await expect(page.getByRole('link', { name: 'Continue where you left off' })).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Start this module again' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Earlier attempts' })).toBeVisible();
  await expect(page.locator('[data-archive-list] li')).toContainText('finished');
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download attempt 1' }).press('Enter')]);
  expect(JSON.parse(readFileSync(await again.path(), 'utf8'))).toEqual(records);
});
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
