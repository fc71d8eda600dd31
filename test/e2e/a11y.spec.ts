// Every built page, as it first loads: no axe violations (WCAG 2.2 AA and best practice), nothing fetched
// from another host, no script error, reflow at 320 CSS px (WCAG 1.4.10: nothing scrolls sideways) and no
// empty heading. The pages are shared among a few tests that each visit theirs in one browser page and list
// every problem at once, with its page; states a page reaches only with answers are scanned by the journeys.
import { expect, test, type Page } from '@playwright/test';
import { axeViolations, builtPages, expectNoAxeViolations } from './helpers.ts';

const pages = builtPages();
const SHARDS = 4;
const REFLOW_WIDTH = 320;

test('the site has pages to check', () => {
  expect(pages.length).toBeGreaterThanOrEqual(10);
});

/**
 * Sideways scrolling at `width` (naming the widest elements, to say where to look) and empty headings.
 * The page is narrowed after loading: its layout is CSS only (no script measures the window), so reading
 * scrollWidth lays it out at the new width.
 */
async function layoutProblems(page: Page, width: number): Promise<string[]> {
  const size = page.viewportSize();
  await page.setViewportSize({ width, height: 640 });
  const found = await page.evaluate((width) => {
    const out: string[] = [];
    const scroll = document.documentElement.scrollWidth;
    if (scroll > width + 1) {
      const wide = [...document.body.querySelectorAll<HTMLElement>('*')]
        .filter((el) => el.getBoundingClientRect().right > width + 1 && el.checkVisibility())
        .filter(
          (el, _, all) => !all.some((other) => other !== el && other.contains(el) && other.getBoundingClientRect().right >= el.getBoundingClientRect().right),
        )
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${[...el.classList].join('.')}` : ''}`);
      out.push(`scrolls sideways at ${width} CSS px (${scroll}px wide; widest: ${wide.join(', ')})`);
    }
    for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
      const text =
        (h.textContent ?? '').trim() ||
        [...h.querySelectorAll('img[alt]')]
          .map((i) => i.getAttribute('alt'))
          .join('')
          .trim();
      if (!text) out.push(`empty <${h.tagName.toLowerCase()}>${h.id ? `#${h.id}` : ''}`);
    }
    return out;
  }, width);
  if (size) await page.setViewportSize(size);
  return found;
}

for (let shard = 0; shard < SHARDS; shard++) {
  const mine = pages.filter((_, i) => i % SHARDS === shard);
  test(`every page, part ${shard + 1} of ${SHARDS} (${mine.length} pages): no axe violations, nothing from other hosts, no script errors, reflow at ${REFLOW_WIDTH} px, no empty heading`, async ({
    page,
  }) => {
    test.setTimeout(30_000 + mine.length * 5_000);
    let path = '';
    const outside: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => !r.url().startsWith('http://127.0.0.1:') && outside.push(`${path}: fetches ${r.url()}`));
    page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`${path}: ${m.text()}`));
    const problems: string[] = [];
    for (path of mine) {
      await page.goto(path);
      problems.push(...(await axeViolations(page)).map((v) => `${path}: axe ${v}`));
      problems.push(...(await layoutProblems(page, REFLOW_WIDTH)).map((p) => `${path}: ${p}`));
      // The next page loads as it would for a newcomer: nothing this one stored (a lesson visit, say).
      await page.evaluate(() => localStorage.clear());
    }
    expect([...problems, ...outside, ...errors]).toEqual([]);
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
