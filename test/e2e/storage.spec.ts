// When the browser's storage fails the learner: damaged saved data, storage that fills up, storage that
// takes nothing at all. In every case the page says what happened, keeps the answers, and offers them
// as a download.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Download, type Page } from '@playwright/test';
import { askedGroups, checkedValues, chooseRadio, clickOptions, expectNoAxeViolations, enterCode, makeCode, MODULE } from './helpers.ts';

const KEY = 'msg-training:learner';
const json = async (download: Download) => JSON.parse(readFileSync(await download.path(), 'utf8'));
const downloadAnswers = (page: Page) =>
  Promise.all([page.waitForEvent('download'), page.locator('[data-storage-banner]').getByRole('button', { name: 'Download my answers' }).click()]).then(([d]) =>
    json(d),
  );
const storedLearner = (page: Page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), KEY);

test('damaged saved data shows a banner, keeps a copy, and offers the download', async ({ page }) => {
  await page.goto(`/modules/${MODULE}/code/`);
  await page.evaluate((key) => localStorage.setItem(key, '{"version":2,"participant":{"code":'), KEY);
  const banner = page.locator('[data-storage-banner]');
  const rescuedCopies = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('msg-training:rescued:')).length);
  // Pages that only read the answers find the damaged text again and again: it is kept once, not by each
  // of them (which would fill the storage).
  for (const path of ['', 'results/', 'certificate/']) {
    await page.goto(`/modules/${MODULE}/${path}`);
    await expect(banner.locator('[data-storage-kind="corrupt"]'), path).toBeVisible();
  }
  expect(await rescuedCopies()).toBe(1);
  await page.goto(`/modules/${MODULE}/pre/`);
  await expect(banner.locator('[data-storage-kind="corrupt"]')).toBeVisible();
  await expect(banner.locator('[data-storage-kind="corrupt"]')).toContainText('Your saved progress could not be read.');
  await expect(banner.locator('[data-storage-detail]')).toContainText('not readable');
  await expectNoAxeViolations(page, 'banner');
  const rescued = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('msg-training:rescued:'))
      .map((k) => localStorage.getItem(k)),
  );
  expect(rescued).toContain('{"version":2,"participant":{"code":');
  expect(await rescuedCopies()).toBe(1);
  const saved = await downloadAnswers(page);
  expect(saved.problem).toMatchObject({ kind: 'corrupt', raw: '{"version":2,"participant":{"code":' });
  // The page still works: answers given now are saved.
  const [first] = await askedGroups(page, 'item');
  await chooseRadio(page, first!, 3);
  expect((await storedLearner(page)).units[MODULE].current.steps.pre.responses[first!]).toBe(4);
});

test('storage that fills up: the newest answers stay in the tab, survive a reload, and are saved once there is room', async ({ page }) => {
  await makeCode(page, MODULE, ['Ana', '3', 'Lima', '0']);
  await page.goto(`/modules/${MODULE}/pre/`);
  const items = await askedGroups(page, 'item');
  const answer = (i: number, option: number) => page.locator(`input[name="${items[i]}"]`).nth(option).check();
  for (let i = 0; i < 3; i++) await answer(i, i);
  expect(Object.keys((await storedLearner(page)).units[MODULE].current.steps.pre.responses)).toHaveLength(3);

  // Another page of this site (or anything else) fills the origin's storage to the last character.
  const fillers = await page.evaluate(() => {
    let size = 1 << 20;
    let n = 0;
    while (size >= 1) {
      try {
        localStorage.setItem(`other-site-data-${n}`, 'x'.repeat(size));
        n++;
      } catch {
        size = Math.floor(size / 2);
      }
    }
    return n;
  });
  expect(fillers).toBeGreaterThan(0);

  await answer(3, 4);
  await answer(4, 0);
  const banner = page.locator('[data-storage-banner]');
  // The banner's text for each kind of problem is in the page; only the one that applies is shown.
  const full = banner.locator('[data-storage-kind="full"]');
  await expect(full).toBeVisible();
  await expect(full).toContainText("This browser's storage for this site is full.");
  await expect(page.locator('[data-progress]')).toContainText(/^5 of /);

  // A reload keeps everything: the first answers from storage, the newest from this tab's memory.
  const before = await checkedValues(page);
  await page.reload();
  await expect.poll(() => checkedValues(page)).toEqual(before);
  await expect(full).toBeVisible();
  await expect(full).toContainText('your newest answers are kept in this tab only');
  await expect(banner.locator('[data-storage-kind]:visible')).toHaveCount(1);
  await expectNoAxeViolations(page, 'storage full');
  const saved = await downloadAnswers(page);
  expect(saved.problem.kind).toBe('full');
  const unsaved = JSON.parse(saved.stored[`${KEY}:unsaved`]);
  expect(unsaved.units[MODULE].current.steps.pre.responses).toEqual(Object.fromEntries(items.slice(0, 5).map((id) => [id, Number(before[id])])));
  expect(Object.keys(JSON.parse(saved.stored[KEY]).units[MODULE].current.steps.pre.responses)).toHaveLength(3);

  // Once there is room again, the next answer saves everything, the answers kept in the tab included.
  await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('other-site-data-'))
      .forEach((k) => localStorage.removeItem(k)),
  );
  await answer(5, 2);
  const responses = (await storedLearner(page)).units[MODULE].current.steps.pre.responses;
  expect(Object.keys(responses).sort()).toEqual(items.slice(0, 6).sort());
  expect(await page.evaluate((key) => window.name.includes(JSON.stringify(key)), KEY), 'nothing of the answers left only in the tab').toBe(false);
});

test('storage that takes nothing: answers travel with the tab from page to page, the banner says so, and both downloads work', async ({ page }) => {
  await page.addInitScript(() => {
    // As in a private window that allows no storage: every write is refused.
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const banner = page.locator('[data-storage-banner]');
  const sayBlocked = async () => {
    const blocked = banner.locator('[data-storage-kind="unavailable"]');
    await expect(blocked).toBeVisible();
    await expect(blocked).toContainText('This browser does not let this site save your answers.');
    await expect(blocked).toContainText('kept while the tab stays open, from page to page');
    await expect(banner.locator('[data-storage-kind]:visible')).toHaveCount(1);
  };

  await page.goto(`/modules/${MODULE}/code/`);
  await sayBlocked();
  await enterCode(page, ['Rosa', '12', 'Quito', '1']);
  await expect(page.locator('[data-code-value]')).toHaveText('RO-12-QU-1');
  await page.getByRole('link', { name: 'Continue to the questionnaire' }).click();

  // The questionnaire knows the code made on the previous page, though nothing was stored.
  await expect(page).toHaveURL(`/modules/${MODULE}/pre/`);
  await sayBlocked();
  await expectNoAxeViolations(page, 'storage blocked');
  await expect(page.locator('[data-needs-code]')).toBeHidden();
  const items = await askedGroups(page, 'item');
  await clickOptions(
    page,
    items.map((id, i) => [id, i % 5] as const),
  );
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  await page.getByRole('button', { name: /Submit with/ }).click();
  await expect(page).toHaveURL(/\/lessons\//);
  await sayBlocked();

  // The memory goes with the tab's history entries of this site, through pages that keep nothing (the
  // resource directory) or have nothing to keep (the home page), by a link or an address typed in.
  await page.getByRole('link', { name: 'Resource directory' }).click();
  await expect(page).toHaveURL('/resources/');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Modules' }).click();
  await expect(page).toHaveURL('/');
  expect(await page.evaluate(() => window.name)).toBe('');
  await page.goto(`/modules/${MODULE}/post/`);
  await expect(page.locator('[data-needs-previous]')).toBeHidden();
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL('/resources/');
  await page.goBack();
  await expect(page).toHaveURL(/\/lessons\//);
  await page.locator('.step-nav summary').click();
  await page.locator(`.step-nav a[href="/modules/${MODULE}/post/"]`).click();
  await expect(page).toHaveURL(`/modules/${MODULE}/post/`);
  await page.reload();
  await expect(page.locator('[data-needs-previous]')).toBeHidden();
  await clickOptions(
    page,
    items.map((id, i) => [id, (i + 1) % 5] as const),
  );
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  await page.getByRole('button', { name: /Submit with/ }).click();
  await expect(page).toHaveURL(`/modules/${MODULE}/results/`);
  await sayBlocked();
  await expect(page.locator('[data-results]')).toBeVisible();

  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my result file' }).click()]);
  const records = await json(file);
  expect(records.map((r: { timepoint: string; participant: string }) => `${r.timepoint} ${r.participant}`)).toEqual(['pre RO-12-QU-1', 'post RO-12-QU-1']);
  expect(Object.keys(records[0].responses)).toEqual(items);
  const saved = await downloadAnswers(page);
  expect(saved.problem.kind).toBe('unavailable');
  const learner = JSON.parse(saved.stored[KEY]);
  expect(Object.values(learner.units[MODULE].current.steps).map((s) => (s as { record: { checksum: string } }).record?.checksum)).toEqual(
    expect.arrayContaining(records.map((r: { checksum: string }) => r.checksum)),
  );
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  expect(errors).toEqual([]);

  // Nothing of it reaches another site opened in the same tab, by a link or by typing its address: the
  // memory is never in window.name, which Chromium keeps across sites.
  expect(await page.evaluate(() => window.name)).toBe('');
  const other = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Another site</title><p>Elsewhere</p>'));
  await new Promise<void>((listening) => other.listen(0, '127.0.0.1', listening));
  const otherSite = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
  try {
    await page.goto(otherSite);
    expect(await page.evaluate(() => window.name)).toBe('');
    // Back on the results page, everything is still there (kept with its history entry)...
    await page.goBack();
    await expect(page.locator('[data-results]')).toBeVisible();
    // ...and a link to another site takes nothing with it either.
    await page.evaluate((url) => {
      const a = Object.assign(document.createElement('a'), { href: url, textContent: 'elsewhere' });
      document.body.append(a);
      a.click();
    }, otherSite);
    await expect(page).toHaveURL(otherSite);
    expect(await page.evaluate(() => window.name)).toBe('');
  } finally {
    other.close();
  }
});

test('storage that takes nothing: Back and then a link, a page without the stores, a clock set back, and the current step keep the newest answers', async ({
  page,
}) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    // The questionnaire's page runs an hour behind the others (a clock put right between two pages).
    if (location.pathname.endsWith('/pre/')) {
      const now = Date.now;
      Date.now = () => now() - 3_600_000;
    }
  });
  await page.goto('/resources/');
  await page.goto(`/modules/${MODULE}/code/`);
  await enterCode(page, ['Rosa', '12', 'Quito', '1']);
  await page.getByRole('link', { name: 'Continue to the questionnaire' }).click();
  await expect(page).toHaveURL(`/modules/${MODULE}/pre/`);
  await expect(page.locator('[data-needs-code]')).toBeHidden();
  const [first, second] = await askedGroups(page, 'item');
  await chooseRadio(page, first!, 1);
  await chooseRadio(page, second!, 3);
  const answered = await checkedValues(page);
  // The current step is not a link to this page (which would replace its history entry, and the answers kept there).
  await expect(page.locator('.step-nav [aria-current="step"]')).toHaveJSProperty('tagName', 'SPAN');

  // Back to the code page and to the resource directory, then on by a link: the entries after it, the
  // questionnaire's with the newest answers, are dropped; the pages gone back to kept a copy.
  await page.goBack();
  await expect(page).toHaveURL(`/modules/${MODULE}/code/`);
  await page.goBack();
  await expect(page).toHaveURL('/resources/');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Modules' }).click();
  await expect(page).toHaveURL('/');
  await page.goto(`/modules/${MODULE}/pre/`);
  await expect.poll(() => checkedValues(page)).toEqual(answered);
  expect(await page.evaluate(() => window.name)).toBe('');
});

test('the code page forgets a draft of the four answers when it is left', async ({ page }) => {
  await page.goto(`/modules/${MODULE}/code/`);
  await page.locator('form[data-code-form][data-ready]').waitFor({ state: 'attached' });
  await page.getByLabel(/mother's/).fill('Rosa');
  expect(await page.evaluate(() => sessionStorage.getItem('msg-training:code-draft'))).toContain('Rosa');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Resource directory' }).click();
  await expect(page).toHaveURL('/resources/');
  expect(await page.evaluate(() => sessionStorage.getItem('msg-training:code-draft'))).toBeNull();
  await page.goBack();
  await page.locator('form[data-code-form][data-ready]').waitFor({ state: 'attached' });
  await expect(page.getByLabel(/mother's/)).toHaveValue('');
});

test('a damaged list of assignment links is said and kept, not silently dropped', async ({ page }) => {
  await page.goto(`/assignment/?m=${MODULE}&c=TeamX`);
  await expect(page.locator('[data-cohort]')).toHaveText('TeamX');
  await page.evaluate(() => localStorage.setItem('msg-training:assignments', 'garbage'));
  await page.goto(`/modules/${MODULE}/`);
  const banner = page.locator('[data-storage-banner]');
  await expect(banner.locator('[data-storage-kind="corrupt"]')).toBeVisible();
  await expect(banner.locator('[data-storage-detail]')).toHaveText('the list of assignment links opened in this browser could not be read');
  expect(
    await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('msg-training:rescued:'))
        .map((k) => localStorage.getItem(k)),
    ),
  ).toEqual(['garbage']);
  await expectNoAxeViolations(page, 'damaged assignments');
});

test('the assignment page says so too when the browser keeps nothing', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto(`/assignment/?m=${MODULE}&c=TeamX`);
  await expect(page.locator('[data-cohort]')).toHaveText('TeamX');
  await expect(page.locator('[data-storage-banner] [data-storage-kind="unavailable"]')).toBeVisible();
  await expectNoAxeViolations(page, 'assignment page, storage blocked');
});
