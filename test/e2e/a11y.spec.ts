import { expect, test } from '@playwright/test';
import { builtPages, expectNoAxeViolations } from './helpers.ts';

const pages = builtPages();

test('the site has pages to check', () => {
  expect(pages.length).toBeGreaterThanOrEqual(10);
});

for (const path of pages) {
  test(`axe: no violations on ${path}`, async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(path);
    await expectNoAxeViolations(page, path);
    expect(requests.filter((url) => !url.startsWith('http://127.0.0.1:'))).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('narrow screens stack the answer options', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/modules/mutual-support-basics/pre/');
  const options = page.locator('fieldset[data-kind="item"]').first().locator('label');
  const boxes = await options.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]).toBeGreaterThan(boxes[i - 1]!);
  await expectNoAxeViolations(page, 'narrow pre');
});
