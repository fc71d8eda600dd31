import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { parse } from 'yaml';

export const MODULE = 'mutual-support-basics';

/** Presses Tab (never clicks) until the element has focus: how a keyboard user gets there. */
export async function tabTo(page: Page, target: Locator, maxPresses = 600): Promise<void> {
  const handle = await target.elementHandle();
  if (!handle) throw new Error(`tabTo: ${target} not found`);
  for (let i = 0; i < maxPresses; i++) {
    if (await handle.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`tabTo: could not reach ${target} with ${maxPresses} Tab presses`);
}

/** Selects option `index` of a radio group with the keyboard: Tab into the group, then Space/arrows. */
export async function chooseRadio(page: Page, name: string, index: number): Promise<void> {
  const radios = page.locator(`input[type="radio"][name="${name}"]`);
  for (let i = 0; i < 600; i++) {
    const focused = await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? null);
    if (focused === name) break;
    await page.keyboard.press('Tab');
  }
  const current = await radios.evaluateAll((els) => els.indexOf(document.activeElement as HTMLInputElement));
  if (current < 0) throw new Error(`chooseRadio: could not reach group ${name}`);
  if (current === index) await page.keyboard.press('Space');
  else for (let k = 0; k < Math.abs(index - current); k++) await page.keyboard.press(index > current ? 'ArrowDown' : 'ArrowUp');
  await expect(radios.nth(index)).toBeChecked();
}

export async function expectNoAxeViolations(page: Page, context = ''): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(summary, `axe violations ${context}`).toEqual([]);
}

export interface InstrumentFile {
  responseScales: { id: string; points: { value: number }[] }[];
  items: { id: string; responseScale: string; reverse?: boolean }[];
  scales: { id: string; title: string; items: string[]; scoring: { minAnsweredShare: number } }[];
}

export const instrumentFile = (): InstrumentFile => parse(readFileSync('content/instruments/msg-attitudes.yaml', 'utf8'));

/** The scoring rule, worked out independently of src/lib as a hand calculation would. */
export function handScore(inst: InstrumentFile, scaleId: string, responses: Record<string, number | null>): number | null {
  const scale = inst.scales.find((s) => s.id === scaleId)!;
  const keyed: number[] = [];
  for (const id of scale.items) {
    const v = responses[id];
    if (v === null || v === undefined) continue;
    const item = inst.items.find((i) => i.id === id)!;
    const values = inst.responseScales.find((r) => r.id === item.responseScale)!.points.map((p) => p.value);
    keyed.push(item.reverse ? Math.min(...values) + Math.max(...values) - v : v);
  }
  const needed = Math.ceil(scale.items.length * scale.scoring.minAnsweredShare - 1e-9);
  return keyed.length >= needed ? keyed.reduce((a, b) => a + b, 0) / keyed.length : null;
}

/** Every page of the built site, as URL paths. */
export function builtPages(dist = 'dist'): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : name === 'index.html' ? [path] : [];
    });
  return walk(dist).map((file) => '/' + relative(dist, file).replace(/index\.html$/, '')).sort();
}
