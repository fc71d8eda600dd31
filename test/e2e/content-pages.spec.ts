// The trainer's content pages and the Spanish handout in real Chromium (axe: a11y.spec.ts): no JavaScript, and
// printable (A4 and Letter) without the site's navigation, within the page counts each page states.
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { expect, test, type Page } from '@playwright/test';

const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
const modules = readdirSync('content/modules')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();
const organisations = readdirSync('content/resources/organisations').filter((f) => f.endsWith('.yaml'));

const newPages = ['/trainer/guide/', ...modules.map((m) => `/trainer/guide/${m}/`), '/es/resources/handout/', '/about/continuing-education/'];

/** Prints the page on A4 and on Letter and returns the page count of each. */
async function printedPages(page: Page): Promise<Record<'A4' | 'Letter', number>> {
  await page.emulateMedia({ media: 'print' });
  const counts = { A4: 0, Letter: 0 };
  for (const format of ['A4', 'Letter'] as const) counts[format] = pdfPages(await page.pdf({ format, printBackground: false }));
  return counts;
}

test.describe('new content pages', () => {
  for (const path of newPages) {
    test(`${path} has one heading 1 and ships no JavaScript (axe: a11y.spec.ts)`, async ({ page }) => {
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(r.url());
      });
      await page.goto(path);
      await expect(page.locator('h1')).toHaveCount(1);
      await expect(page.locator('script')).toHaveCount(0);
      expect(scripts).toEqual([]);
    });
  }
});

test.describe('facilitator guides', () => {
  test('the index links to a guide for every module', async ({ page }) => {
    await page.goto('/trainer/guide/');
    for (const m of modules) await expect(page.locator(`a[href="/trainer/guide/${m}/"]`)).toHaveCount(1);
  });

  for (const m of modules) {
    test(`${m}: timing, questions, exercises and review; prints on A4 and Letter without navigation`, async ({ page }) => {
      const guide = parse(readFileSync(`content/guide/${m}.yaml`, 'utf8')) as { sessionMinutes: number; exercises: { title: string }[]; lessons: unknown[] };
      await page.goto(`/trainer/guide/${m}/`);
      const article = page.locator('article.guide');
      await expect(page.locator('.agenda tbody tr').last().locator('th')).toHaveText(new RegExp(`–${guide.sessionMinutes}$`));
      await expect(page.locator('section.lesson')).toHaveCount(guide.lessons.length);
      for (const e of guide.exercises) await expect(page.getByRole('heading', { level: 3, name: e.title })).toBeVisible();
      await expect(page.locator('.say')).toContainText('not a test');
      await expect(page.locator('[data-review-statement]')).toContainText('lived experience');
      const max = Number(await article.getAttribute('data-print-pages-max'));
      expect(max).toBeGreaterThan(0);

      const counts = await printedPages(page);
      await expect(page.locator('.site-header')).toBeHidden();
      await expect(page.locator('nav')).toHaveCount(2);
      for (const nav of await page.locator('nav').all()) await expect(nav).toBeHidden();
      await expect(page.locator('.site-footer')).toBeHidden();
      await expect(page.locator('.agenda')).toBeVisible();
      for (const format of ['A4', 'Letter'] as const) {
        expect(counts[format], `${m} guide on ${format}`).toBeGreaterThanOrEqual(1);
        expect(counts[format], `${m} guide on ${format}: the page says at most ${max}`).toBeLessThanOrEqual(max);
      }
    });
  }
});

test.describe('Spanish client handout', () => {
  test('is lang="es", lists every organisation, says who translated it, and prints on one A4 and one Letter page', async ({ page }) => {
    await page.goto('/es/resources/handout/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.locator('h1')).toHaveText('Grupos de apoyo mutuo: un lugar para empezar');
    await expect(page.locator('.national li')).toHaveCount(organisations.length);
    // English organisation names are marked as English for screen readers.
    await expect(page.locator('.national li strong [lang="en"]')).toHaveCount(organisations.length);
    await expect(page.locator('[data-provenance]')).toContainText('hablante nativo');
    await expect(page.locator('.more')).toBeVisible();

    const counts = await printedPages(page);
    await expect(page.locator('.site-header')).toBeHidden();
    await expect(page.locator('nav')).toBeHidden();
    await expect(page.locator('.more')).toBeHidden();
    await expect(page.locator('.handout h1')).toBeVisible();
    await expect(page.locator('[data-provenance]')).toBeVisible();
    expect(counts).toEqual({ A4: 1, Letter: 1 });
  });

  test('links back to the English handout', async ({ page }) => {
    await page.goto('/es/resources/handout/');
    await expect(page.locator('a[href="/resources/handout/"][hreflang="en"]')).toHaveCount(1);
  });
});

test.describe('continuing education', () => {
  test('says plainly there is no accreditation, gives each module its minutes and objectives, and prints within its stated pages', async ({ page }) => {
    await page.goto('/about/continuing-education/');
    await expect(page.locator('[data-ce-status]')).toContainText('not accredited');
    await expect(page.locator('table.minutes tbody tr')).toHaveCount(modules.length);
    await expect(page.locator('section.module')).toHaveCount(modules.length);
    const max = Number(await page.locator('article.ce').getAttribute('data-print-pages-max'));
    const counts = await printedPages(page);
    await expect(page.locator('.site-header')).toBeHidden();
    for (const format of ['A4', 'Letter'] as const) expect(counts[format], `CE page on ${format}`).toBeLessThanOrEqual(max);
  });
});

test.describe('module overview', () => {
  for (const m of modules) {
    test(`${m} shows its review and authorship statement`, async ({ page }) => {
      const review = (parse(readFileSync(`content/modules/${m}.yaml`, 'utf8')) as { review: { lastReviewed: string | Date; livedExperienceReview: string } })
        .review;
      const day = typeof review.lastReviewed === 'string' ? review.lastReviewed : review.lastReviewed.toISOString().slice(0, 10);
      await page.goto(`/modules/${m}/`);
      const statement = page.locator('[data-review-statement]');
      await expect(statement.getByRole('heading', { name: 'Review and authorship' })).toBeVisible();
      await expect(statement.locator('[data-last-reviewed]')).toHaveAttribute('datetime', day);
      await expect(statement.locator('[data-lived-experience]')).toHaveText(review.livedExperienceReview);
      await expect(statement).toContainText('Conflicts of interest');
      await expect(statement).toContainText('Found an error?');
    });
  }
});
