// Reflow (WCAG 1.4.10): at 320 CSS pixels wide, no page scrolls sideways; and no page has an empty
// heading. One browser page visits every built page in turn, and every failure is listed at once.
import { expect, test } from '@playwright/test';
import { builtPages } from './helpers.ts';

const WIDTH = 320;

test(`every page reflows at ${WIDTH} CSS px and has no empty heading`, async ({ page }) => {
  const pages = builtPages();
  expect(pages.length).toBeGreaterThanOrEqual(10);
  test.setTimeout(20_000 + pages.length * 1_500);
  await page.setViewportSize({ width: WIDTH, height: 640 });
  const problems: string[] = [];
  for (const path of pages) {
    await page.goto(path);
    const found = await page.evaluate((width) => {
      const out: string[] = [];
      const scroll = document.documentElement.scrollWidth;
      if (scroll > width + 1) {
        // Name the widest elements, to say where to look.
        const wide = [...document.body.querySelectorAll<HTMLElement>('*')]
          .filter((el) => el.getBoundingClientRect().right > width + 1 && el.checkVisibility())
          .filter((el, _, all) => !all.some((other) => other !== el && other.contains(el) && other.getBoundingClientRect().right >= el.getBoundingClientRect().right))
          .slice(0, 3)
          .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${[...el.classList].join('.')}` : ''}`);
        out.push(`scrolls sideways (${scroll}px wide; widest: ${wide.join(', ')})`);
      }
      for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
        const text = (h.textContent ?? '').trim() || [...h.querySelectorAll('img[alt]')].map((i) => i.getAttribute('alt')).join('').trim();
        if (!text) out.push(`empty <${h.tagName.toLowerCase()}>${h.id ? `#${h.id}` : ''}`);
      }
      return out;
    }, WIDTH);
    problems.push(...found.map((p) => `${path}: ${p}`));
  }
  expect(problems).toEqual([]);
});
