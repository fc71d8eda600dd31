// Two tabs of the same module: neither may lose what the other saved or submitted.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { askedGroups, checkedValues, clickOptions, enterCode, expectNoAxeViolations, makeCode } from './helpers.ts';

const KEY = 'msg-training:learner';
const storedUnit = (page: Page, unit: string) => page.evaluate(([key, id]) => JSON.parse(localStorage.getItem(key!)!).units[id!].current, [KEY, unit]);

/** A tab that misses the other tabs' changes, as one frozen in the background does: it never hears the `storage` event. */
const deaf = (page: Page) => page.addInitScript(() => window.addEventListener('storage', (event) => event.stopImmediatePropagation(), { capture: true }));

async function answerAndSubmit(page: Page, option: (i: number) => number): Promise<void> {
  await clickOptions(
    page,
    (await askedGroups(page, 'item')).map((id, i) => [id, option(i)] as const),
  );
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  await page.getByRole('button', { name: /Submit with/ }).click();
}

test('a tab left open on the questionnaire before cannot undo a module finished in another tab', async ({ context }) => {
  const module = 'knowing-the-landscape';
  const [stale, live, other] = [await context.newPage(), await context.newPage(), await context.newPage()];
  await deaf(stale);
  await makeCode(other, module, ['Ana', '3', 'Lima', '0']);
  await stale.goto(`/modules/${module}/pre/`);
  await live.goto(`/modules/${module}/pre/`);
  const items = await askedGroups(stale, 'item');

  // Tab B does the whole module: before, after, results.
  await other.goto(`/modules/${module}/pre/`);
  await answerAndSubmit(other, () => 1);
  await other.waitForURL(/\/lessons\//);
  await other.goto(`/modules/${module}/post/`);
  await answerAndSubmit(other, () => 3);
  await other.waitForURL(`/modules/${module}/results/`);
  const records = (await storedUnit(other, module)).steps;
  expect(Object.keys(records).sort()).toEqual(['post', 'pre']);

  // A tab that follows the changes shows the questionnaire as submitted, with tab B's answers, locked.
  await expect(live.locator('[data-already-done]')).toBeVisible();
  await expect(live.locator(`input[name="${items[0]}"]`).nth(1)).toBeChecked();
  await expect(live.locator(`input[name="${items[0]}"]`).nth(4)).toBeDisabled();

  // The tab that missed them still offers the answers; an answer given there is refused, and said to be.
  await expect(stale.locator(`input[name="${items[0]}"]`).nth(4)).toBeEnabled();
  await stale.locator(`input[name="${items[0]}"]`).nth(4).click();
  await expect(stale.locator('[data-live-notice]')).toContainText('Your answer was not saved: this questionnaire is already submitted');
  await expect(stale.locator('[data-already-done]')).toBeVisible();
  await expect(stale.locator(`input[name="${items[0]}"]`).nth(1)).toBeChecked();
  await expectNoAxeViolations(stale, 'stale tab after a refused answer');
  // Submitting from it changes nothing either.
  await expect(stale.getByRole('button', { name: 'Submit my answers' })).toBeHidden();

  // Nothing was lost: the same two records, and the results page shows the change from before to after.
  expect((await storedUnit(stale, module)).steps).toEqual(records);
  await stale.goto(`/modules/${module}/results/`);
  await expect(stale.locator('tr[data-scale="attitude-twelve-step"] td').nth(2)).toHaveText(/^\+\d\.\d$/);
  const [download] = await Promise.all([stale.waitForEvent('download'), stale.getByRole('button', { name: 'Download my result file' }).click()]);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(file.map((r: { checksum: string }) => r.checksum).sort()).toEqual([records.pre.record.checksum, records.post.record.checksum].sort());
});

test('answering in turn in two tabs of the same questionnaire keeps every answer', async ({ context }) => {
  const module = 'referrals-that-work';
  const [a, b] = [await context.newPage(), await context.newPage()];
  await deaf(a);
  await makeCode(b, module, ['Ana', '3', 'Lima', '0']);
  await a.goto(`/modules/${module}/pre/`);
  await b.goto(`/modules/${module}/pre/`);
  const items = await askedGroups(a, 'item');
  const knowledge = await askedGroups(a, 'knowledge');
  const expected: Record<string, string> = {};
  /** Every answer given so far, as the browser's storage seen from `tab` holds them. */
  const storedIn = async (tab: Page) => {
    const pre = (await storedUnit(tab, module)).steps.pre ?? { responses: {}, knowledge: {} };
    return {
      ...Object.fromEntries(Object.entries(pre.responses ?? {}).map(([id, v]) => [id, String(v)])),
      ...Object.fromEntries(Object.entries(pre.knowledge ?? {}).map(([id, v]) => [`k:${id}`, String(v)])),
    };
  };
  // Items and knowledge questions, each tab in turn; tab A never hears of B's answers. "In turn" as a person
  // answers: the next answer is given once the last has reached the other tab's copy of the storage. Two tabs
  // writing within the few milliseconds that copy takes to follow can each overwrite the other's answer
  // (localStorage has no read-modify-write across tabs); that is not what this test is about.
  for (const [i, name] of [...items.slice(0, 8), ...knowledge.slice(0, 4)].entries()) {
    const [tab, other] = i % 2 === 0 ? [a, b] : [b, a];
    const option = i % 4;
    await tab.locator(`input[name="${name}"]`).nth(option).check();
    expected[name] = (await tab.locator(`input[name="${name}"]`).nth(option).getAttribute('value'))!;
    await expect.poll(() => storedIn(other)).toEqual(expected);
  }
  // Both tabs show every answer: B because it follows A's changes, A because each change reads what is stored.
  await expect.poll(() => checkedValues(b)).toEqual(expected);
  await a.locator(`input[name="${items[8]}"]`).nth(0).check();
  expected[items[8]!] = '1';
  await expect.poll(() => checkedValues(a)).toEqual(expected);
  await expect.poll(() => checkedValues(b)).toEqual(expected);
  const pre = (await storedUnit(b, module)).steps.pre;
  expect(Object.keys(pre.responses).length + Object.keys(pre.knowledge).length).toBe(Object.keys(expected).length);
  await b.reload();
  await expect.poll(() => checkedValues(b)).toEqual(expected);
  await expect(b.locator('[data-progress]')).toContainText(`${Object.keys(expected).length} of ${items.length + knowledge.length}`);
});

test('the code page keeps only the code: someone using the browser later does not see the four answers, and a changed code says what it changes', async ({
  page,
}) => {
  await page.goto('/modules/mutual-support-basics/code/');
  // Answers typed but not yet made into a code: a reload keeps them in this tab; another tab, the next
  // person's, and the stored state never see them.
  await page.locator('form[data-code-form][data-ready]').waitFor({ state: 'attached' });
  await page.getByLabel(/mother's/).fill('Ana');
  await page.getByLabel(/town or city/).fill('Lima');
  await page.reload();
  await expect(page.getByLabel(/mother's/)).toHaveValue('Ana');
  await expect(page.getByLabel(/town or city/)).toHaveValue('Lima');
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toMatch(/Ana|Lima/);
  const next = await page.context().newPage();
  await next.goto('/modules/mutual-support-basics/code/');
  await next.locator('form[data-code-form][data-ready]').waitFor({ state: 'attached' });
  await expect(next.getByLabel(/mother's/)).toHaveValue('');
  await next.close();
  await enterCode(page, ['Ana', '3', 'Lima', '0']);
  await expect(page.locator('[data-code-value]')).toHaveText('AN-03-LI-0');
  expect(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage))).not.toMatch(/Ana|Lima/);

  // The next person at this computer sees the code, not the answers it was made from.
  await page.reload();
  await expect(page.locator('[data-code-value]')).toHaveText('AN-03-LI-0');
  await page.getByRole('button', { name: 'Change my answers' }).click();
  for (const input of await page.locator('form[data-code-form] input').all()) await expect(input).toHaveValue('');

  // A questionnaire submitted under the first code keeps it, and the code page says so once the code changes.
  await page.goto('/modules/mutual-support-basics/pre/');
  await answerAndSubmit(page, (i) => i % 5);
  await page.goto('/modules/mutual-support-basics/code/');
  await expect(page.locator('[data-code-kept]')).toBeHidden();
  await page.getByRole('button', { name: 'Change my answers' }).click();
  await enterCode(page, ['Bea', '21', 'Roma', '4']);
  await expect(page.locator('[data-code-value]')).toHaveText('BE-21-RO-4');
  await expect(page.locator('[data-code-kept]')).toBeVisible();
  await expect(page.locator('[data-kept-codes]')).toHaveText('AN-03-LI-0');
  await expectNoAxeViolations(page, 'a changed code');
  expect((await storedUnit(page, 'mutual-support-basics')).participant).toBe('AN-03-LI-0');
});

test('a code for a name in another alphabet, or a day that is not a number, gets a message that says what to type', async ({ page }) => {
  await page.goto('/modules/mutual-support-basics/code/');
  for (const [label, value] of [
    [/mother's/, 'Мария'],
    [/Day of the month/, '1.5'],
    [/town or city/, 'Москва'],
    [/older brothers/, '-1'],
  ] as const)
    await page.getByLabel(label).fill(value);
  await page.locator('form[data-code-form][data-ready]').waitFor({ state: 'attached' });
  await page.getByRole('button', { name: 'Make my code' }).click();
  await expect(page.locator('[data-error-for="parent"]')).toContainText('write it in Latin letters, as in a passport');
  await expect(page.locator('[data-error-for="day"]')).toHaveText('Type digits only, such as 7.');
  await expect(page.locator('[data-error-for="siblings"]')).toHaveText('Type digits only, such as 7.');
  await expect(page.locator('[data-code-result]')).toBeHidden();
  await expectNoAxeViolations(page, 'code errors');
});
