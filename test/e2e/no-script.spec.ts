// Before a page's script has loaded (a slow line, a blocked file), a form that is submitted must do nothing:
// a plain HTML form would reload the page with every answer in the address, sending them to the server's
// logs and the browser's history. Every form is `method="dialog"`, which outside a dialog submits nowhere.
import { expect, test } from '@playwright/test';

const FORMS: Record<string, string> = {
  '/modules/mutual-support-basics/code/': 'participant code',
  '/modules/mutual-support-basics/pre/': 'questionnaire',
  '/modules/mutual-support-basics/lessons/01-what-they-are/': 'knowledge check',
  '/trainer/': 'assignment',
  '/trainer/roster/': 'roster',
  '/evaluate/': 'evaluator',
};

test('a form submitted before its script has loaded sends nothing and stays on the page', async ({ page }) => {
  // The pages' own scripts never arrive (their CSP allows no inline script, so this is all of them).
  await page.route('**/*.js', (route) => route.abort());
  for (const [path, form] of Object.entries(FORMS)) {
    await page.goto(path);
    const requests: string[] = [];
    // The browser may fetch the icon late; anything else is the form's doing.
    const listener = (r: { url(): string }) => !r.url().endsWith('/favicon.svg') && requests.push(r.url());
    page.on('request', listener);
    const count = await page.locator('form').count();
    expect(count, `${path}: the ${form} form`).toBeGreaterThan(0);
    for (const input of await page.locator('form input[type="text"]:visible').all()) await input.fill('AB');
    await page.evaluate(() => {
      for (const radio of document.querySelectorAll<HTMLInputElement>('form input[type="radio"]')) radio.checked = true;
    });
    // A form submitted from script (requestSubmit) and by its submit button, where it shows.
    await page.evaluate(() => {
      for (const f of document.forms) f.requestSubmit();
    });
    const button = page.locator('form button[type="submit"]:visible, form button:not([type]):visible').first();
    if (await button.count()) await button.click();
    // A navigation, had one been started, would have begun within this round trip through the page's tasks.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    page.off('request', listener);
    expect(requests, `${path}: requests after submitting the ${form} form`).toEqual([]);
    expect(new URL(page.url()).search, `${path}: the address after submitting`).toBe('');
  }
});
