// The launch wrapper on the built site itself (astro preview): without an LMS, with an LMS missing,
// with an unknown module, and with a cohort in the link. The packaged runtimes are in lms-scorm and
// lms-cmi5.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './helpers.ts';

const MODULE = 'mutual-support-basics';

test('without an LMS it shows the module and says answers stay in this browser', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/lms/launch/?module=${MODULE}`);
  await expect(page.locator('[data-lms-status]')).toHaveText('Not connected to an LMS: your answers are saved in this browser only.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Mutual support groups: what they are/);
  const frame = page.frameLocator('iframe[data-lms-frame]');
  await expect(frame.getByRole('link', { name: 'Start the module' })).toBeVisible();
  await expect(page.locator('iframe[data-lms-frame]')).toHaveAttribute('title', /^Training module: /);
  await expect(page.locator('[data-lms-exit]')).toBeHidden();
  await expectNoAxeViolations(page, 'wrapper with module');
  // The iframe fills the window below the bar.
  const box = await page.locator('iframe[data-lms-frame]').boundingBox();
  expect(box!.height).toBeGreaterThan(page.viewportSize()!.height * 0.8);
  expect(errors).toEqual([]);
});

test('an LMS link without an LMS around it still opens the module, and says so', async ({ page }) => {
  await page.goto(`/lms/launch/?lms=scorm12&module=${MODULE}`);
  await expect(page.locator('[data-lms-status]')).toContainText('Not connected to your LMS: no SCORM 1.2 LMS was found');
  await expect(page.frameLocator('iframe[data-lms-frame]').getByRole('link', { name: 'Start the module' })).toBeVisible();
});

test('an unknown module gets a message and the list of modules, no frame', async ({ page }) => {
  await page.goto('/lms/launch/?lms=scorm2004&module=nope');
  await expect(page.locator('[data-lms-status]')).toContainText('does not exist ("nope")');
  await expect(page.locator('[data-lms-help]')).toBeVisible();
  await expect(page.locator('iframe[data-lms-frame]')).toBeHidden();
  await expectNoAxeViolations(page, 'wrapper, unknown module');
});

test('a cohort in the launch link is recorded where the pages look for it; a bad one is refused', async ({ page }) => {
  await page.goto(`/lms/launch/?module=${MODULE}&cohort=${encodeURIComponent('Ward 7 2026')}`);
  await expect(page.frameLocator('iframe[data-lms-frame]').getByRole('link', { name: 'Start the module' })).toBeVisible();
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('msg-training:assignments')!));
  expect(stored.list[0]).toMatchObject({ modules: [MODULE], cohort: 'Ward 7 2026' });
  await page.goto(`/lms/launch/?module=${MODULE}&cohort=${encodeURIComponent('<bad>')}`);
  await expect(page.locator('[data-lms-status]')).toContainText('The cohort in the launch link was ignored');
});

test('a crafted cmi5 link on the public site sends nothing to the server it names, and the CSP would block it too', async ({ page }) => {
  // A server standing in for whoever made the link, counting every request that reaches it.
  let hits = 0;
  const server = createServer((_, res) => {
    hits++;
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' }).end('{"auth-token":"x"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const evil = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const q = new URLSearchParams({
      lms: 'cmi5',
      module: MODULE,
      endpoint: `${evil}/xapi/`,
      fetch: `${evil}/fetch`,
      actor: JSON.stringify({ objectType: 'Agent', account: { homePage: 'https://x.example', name: 'x' } }),
      registration: '6fa9c1d2-0000-4000-8000-000000000001',
      activityId: 'https://x.example/a',
      returnURL: `${evil}/phish`,
    });
    await page.goto(`/lms/launch/?${q}`);
    await expect(page.locator('[data-lms-status]')).toContainText('not set up to talk to any LMS');
    const frame = page.frameLocator('iframe[data-lms-frame]');
    await expect(frame.getByRole('link', { name: 'Start the module' })).toBeVisible();
    await expect(page.locator('[data-lms-exit]')).toBeHidden();
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("connect-src 'self';");
    const blocked = await page.evaluate(
      (url) =>
        fetch(url).then(
          () => 'sent',
          () => 'blocked',
        ),
      `${evil}/probe`,
    );
    expect(blocked).toBe('blocked');
    expect(hits).toBe(0);
  } finally {
    server.close();
  }
});
