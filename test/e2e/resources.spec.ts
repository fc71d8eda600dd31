import { expect, test } from '@playwright/test';

const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

test('the directory lists national organisations with official websites only', async ({ page }) => {
  await page.goto('/resources/');
  const orgs = page.locator('.orgs li');
  expect(await orgs.count()).toBeGreaterThanOrEqual(8);
  const websites = page.locator('.orgs li a[data-website]');
  await expect(websites).toHaveCount(await orgs.count());
  for (const link of await websites.all()) expect(await link.getAttribute('href')).toMatch(/^https:\/\/[^/]+/);
  await expect(page.locator('main')).not.toContainText(/\(\d{3}\)\s?\d{3}-\d{4}/);
});

test('the referral handout prints on one A4 and one Letter page; the directory prints without site chrome', async ({ page }) => {
  await page.goto('/resources/handout/');
  await page.emulateMedia({ media: 'print' });
  for (const format of ['A4', 'Letter'] as const) {
    expect(pdfPages(await page.pdf({ format, printBackground: false })), `handout on ${format}`).toBe(1);
  }
  await page.goto('/resources/');
  await expect(page.locator('.site-header')).toBeHidden();
  expect(pdfPages(await page.pdf({ format: 'A4' }))).toBeGreaterThanOrEqual(1);
});
