import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { chooseRadio, expectNoAxeViolations, MODULE } from './helpers.ts';

test('damaged saved data shows a banner, keeps a copy, and offers the download', async ({ page }) => {
  await page.goto(`/modules/${MODULE}/code/`);
  await page.evaluate(() => localStorage.setItem('msg-training:learner', '{"version":1,"participant":{"code":'));
  await page.goto(`/modules/${MODULE}/pre/`);
  const banner = page.locator('[data-storage-banner]');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Your saved progress could not be read.');
  await expect(banner).toContainText('not readable');
  await expectNoAxeViolations(page, 'banner');
  const rescued = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('msg-training:rescued:')).map((k) => localStorage.getItem(k)));
  expect(rescued).toContain('{"version":1,"participant":{"code":');
  const [download] = await Promise.all([page.waitForEvent('download'), banner.getByRole('button', { name: 'Download my answers' }).click()]);
  const saved = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(saved.problem).toMatchObject({ kind: 'corrupt', raw: '{"version":1,"participant":{"code":' });
  // The page still works: answers given now are saved.
  const first = await page.locator('fieldset[data-kind="item"]').first().getAttribute('data-question');
  await chooseRadio(page, first!, 3);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('msg-training:learner')!));
  expect(stored.modules[MODULE].current.pre.responses[first!]).toBe(4);
});

test('storage that refuses writes keeps answers in memory, says so, and offers the download', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/modules/${MODULE}/pre/`);
  const banner = page.locator('[data-storage-banner]');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('cannot be saved in this browser');
  const first = await page.locator('fieldset[data-kind="item"]').first().getAttribute('data-question');
  await chooseRadio(page, first!, 1);
  await expect(page.locator('[data-progress]')).toContainText('1 of');
  const [download] = await Promise.all([page.waitForEvent('download'), banner.getByRole('button', { name: 'Download my answers' }).click()]);
  const saved = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const learner = JSON.parse(saved.stored['msg-training:learner']);
  expect(learner.modules[MODULE].current.pre.responses[first!]).toBe(2);
  expect(errors).toEqual([]);
});
