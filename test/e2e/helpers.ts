import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type axe from 'axe-core';
import type { AxeResults } from 'axe-core';
import { expect, type Frame, type FrameLocator, type Locator, type Page } from '@playwright/test';
import { parse } from 'yaml';

export const MODULE = 'mutual-support-basics';

/**
 * -1 when `target` (or, for a radio button, its group) has the focus; else how many Tab presses surely lie
 * before it (0 when unsure or behind), so they can be pressed without checking the focus after each one.
 * Counts only elements that are surely tab stops (visible, enabled, one per radio group); the last press is
 * always checked.
 */
function sureTabsBefore(target: Element): number {
  const active = document.activeElement;
  if (active === target) return -1;
  if (
    target instanceof HTMLInputElement &&
    target.type === 'radio' &&
    active instanceof HTMLInputElement &&
    active.type === 'radio' &&
    active.name === target.name &&
    active.form === target.form
  )
    return -1;
  const stops: Element[] = [];
  const groups = new Map<string, Element>();
  for (const el of document.querySelectorAll<HTMLElement>('a[href], button, input:not([type="hidden"]), select, textarea, summary')) {
    if ((el as HTMLInputElement).disabled || el.tabIndex < 0 || el.closest('[inert]') || !el.checkVisibility({ visibilityProperty: true })) continue;
    if (el instanceof HTMLInputElement && el.type === 'radio') {
      const key = `${el.form ? [...document.forms].indexOf(el.form) : -1}|${el.name}`;
      if (groups.has(key)) continue;
      groups.set(key, el);
    }
    stops.push(el);
  }
  const position = (el: Element | null) => {
    if (!el) return -1;
    if (el instanceof HTMLInputElement && el.type === 'radio') {
      const key = `${el.form ? [...document.forms].indexOf(el.form) : -1}|${el.name}`;
      return stops.indexOf(groups.get(key)!);
    }
    return stops.indexOf(el);
  };
  const to = position(target);
  const from = position(active);
  if (to < 0 || (from < 0 && active !== document.body)) return 0;
  return Math.max(0, to - from - 3);
}

/** Presses Tab (never clicks) until the element has focus: how a keyboard user gets there. */
export async function tabTo(page: Page, target: Locator, maxPresses = 600): Promise<void> {
  const handle = await target.elementHandle();
  if (!handle) throw new Error(`tabTo: ${target} not found`);
  for (let i = 0; i < maxPresses; i++) {
    const sure = await handle.evaluate(sureTabsBefore);
    if (sure < 0) return;
    for (let k = 0; k <= sure; k++) await page.keyboard.press('Tab');
  }
  throw new Error(`tabTo: could not reach ${target} with ${maxPresses} Tab presses`);
}

/** Selects option `index` of a radio group with the keyboard: Tab into the group, then Space/arrows. */
export async function chooseRadio(page: Page, name: string, index: number): Promise<void> {
  const radios = page.locator(`input[type="radio"][name="${name}"]`);
  const first = await radios.first().elementHandle();
  if (!first) throw new Error(`chooseRadio: no group ${name}`);
  for (let i = 0; i < 600; i++) {
    const sure = await first.evaluate(sureTabsBefore);
    if (sure < 0) break;
    for (let k = 0; k <= sure; k++) await page.keyboard.press('Tab');
  }
  const current = await radios.evaluateAll((els) => els.indexOf(document.activeElement as HTMLInputElement));
  if (current < 0) throw new Error(`chooseRadio: could not reach group ${name}`);
  if (current === index) await page.keyboard.press('Space');
  else for (let k = 0; k < Math.abs(index - current); k++) await page.keyboard.press(index > current ? 'ArrowDown' : 'ArrowUp');
  await expect(radios.nth(index)).toBeChecked();
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * axe-core's minified build, ending in a plain value: half the time to put in a page of the full source,
 * whose last expression (the axe object) Playwright would also serialise back.
 */
const AXE_SCRIPT = `${readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')}\n;0`;

/** axe's WCAG 2.2 AA and best-practice violations on the page as it is now, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  let violations: AxeResults['violations'];
  if (page.frames().length === 1) {
    // A page without frames: axe-core is put in once and run in the page itself. The same rules and
    // violations as through AxeBuilder, at a quarter of the time (AxeBuilder puts axe in twice, and without
    // legacy mode opens a second, blank page to put the frames' results together). Only the violations are
    // collected in full; passes and the rest are cut short, which on a long questionnaire saves most.
    await page.evaluate(AXE_SCRIPT);
    violations = await page.evaluate(
      async (values) =>
        (await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] })).violations,
      AXE_TAGS,
    );
  } else {
    violations = (
      await new AxeBuilder({ page })
        .options({ resultTypes: ['violations'] })
        .withTags(AXE_TAGS)
        .analyze()
    ).violations;
  }
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
}

export async function expectNoAxeViolations(page: Page, context = ''): Promise<void> {
  expect(await axeViolations(page), `axe violations ${context}`).toEqual([]);
}

export interface InstrumentFile {
  version: string;
  /** A point with `missing` ("Not familiar enough to say", "No opportunity") is a non-substantive answer. */
  responseScales: { id: string; points: { value: number; label: string; missing?: string }[] }[];
  items: { id: string; responseScale: string; reverse?: boolean; construct: string }[];
  scales: { id: string; title: string; items: string[]; scoring: { minAnsweredShare: number } }[];
}

/** The newest version of an instrument (what the modules ask), read from its YAML file. */
export function instrumentFile(id = 'msg-attitudes'): InstrumentFile {
  const semver = (file: string) =>
    file
      .slice(id.length + 1, -'.yaml'.length)
      .split('.')
      .map(Number);
  const newer = (a: string, b: string) => {
    const [x, y] = [semver(a), semver(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  };
  const files = readdirSync('content/instruments')
    .filter((f) => f.startsWith(`${id}-`) && f.endsWith('.yaml'))
    .sort(newer);
  if (!files.length) throw new Error(`instrumentFile: no content/instruments/${id}-<version>.yaml`);
  return parse(readFileSync(`content/instruments/${files.at(-1)}`, 'utf8'));
}

/**
 * The scoring rule, worked out independently of src/lib as a hand calculation would: non-substantive answers
 * (a point marked `missing`) count as unanswered; reverse keying maps the lowest substantive point to the
 * highest; the score is the mean of the keyed answers when at least `minAnsweredShare` of the items have one.
 */
export function handScore(inst: InstrumentFile, scaleId: string, responses: Record<string, number | null>): number | null {
  const scale = inst.scales.find((s) => s.id === scaleId)!;
  const keyed: number[] = [];
  for (const id of scale.items) {
    const v = responses[id];
    if (v === null || v === undefined) continue;
    const item = inst.items.find((i) => i.id === id)!;
    const points = inst.responseScales.find((r) => r.id === item.responseScale)!.points;
    const point = points.find((p) => p.value === v);
    if (!point) throw new Error(`handScore: ${v} is not an answer to ${id}`);
    if (point.missing) continue;
    const values = points.filter((p) => !p.missing).map((p) => p.value);
    keyed.push(item.reverse ? Math.min(...values) + Math.max(...values) - v : v);
  }
  const needed = Math.ceil(scale.items.length * scale.scoring.minAnsweredShare - 1e-9);
  return keyed.length >= needed ? keyed.reduce((a, b) => a + b, 0) / keyed.length : null;
}

/** A score as the learner pages show it ("3.4 (of 1–5)"), checked against a hand calculation. */
export function expectScoreText(text: string, expected: number | null, context: string): void {
  if (expected === null) return expect(text, context).toBe('not enough answers');
  const shown = Number(/^(\d+\.\d)\b/.exec(text)?.[1]);
  // One decimal shown: the hand value rounds to it (allowing for how the library adds up).
  expect(Math.abs(shown - expected), `${context}: shown "${text}", hand ${expected}`).toBeLessThanOrEqual(0.05 + 1e-9);
}

/** Knowledge questions of a module, from content/knowledge/<module>.yaml. */
export interface KnowledgeQuestion {
  id: string;
  objective: number;
  options: { text: string; correct?: boolean }[];
}
export const knowledgeFile = (moduleId: string): KnowledgeQuestion[] =>
  (parse(readFileSync(`content/knowledge/${moduleId}.yaml`, 'utf8')) as { questions: KnowledgeQuestion[] }).questions;
export const correctIndex = (q: KnowledgeQuestion) => q.options.findIndex((o) => o.correct);

/** Names of the radio groups the questionnaire asks now (visible), in page order. */
export async function askedGroups(page: Page, kind?: 'item' | 'knowledge' | 'then' | 'demographic'): Promise<string[]> {
  // Every section is hidden until the page's script has worked out what the learner's step asks.
  await page.locator('form[data-questionnaire] section:not([hidden])').first().waitFor();
  const selector = kind ? `fieldset[data-kind="${kind}"]` : 'fieldset[data-question]';
  return page
    .locator(`form[data-questionnaire] ${selector}`)
    .evaluateAll((sets) => sets.filter((s) => !s.closest('[hidden]')).map((s) => (s as HTMLElement).dataset.question!));
}

/**
 * Clicks option `index` (or the option with that value) of each named radio group, in the page and all in one go: the same click events a
 * person makes, without a round trip through the test for each (keyboard journeys use chooseRadio).
 */
export async function clickOptions(
  target: Page | Frame,
  picks: readonly (readonly [string, number | string])[],
  by: 'index' | 'value' = 'index',
): Promise<void> {
  await target.evaluate(
    ([picks, by]) => {
      for (const [name, index] of picks) {
        const group = `input[type="radio"][name="${name}"]`;
        const input =
          by === 'value'
            ? document.querySelector<HTMLInputElement>(`${group}[value="${index}"]`)
            : document.querySelectorAll<HTMLInputElement>(group)[Number(index)];
        if (!input) throw new Error(`clickOptions: no option ${index} in ${name}`);
        input.click();
        if (!input.checked) throw new Error(`clickOptions: option ${index} in ${name} did not take the click`);
      }
    },
    [picks, by] as const,
  );
}

/** Checked radio values on the page, by group name. */
export async function checkedValues(page: Page): Promise<Record<string, string>> {
  return page
    .locator('input[type="radio"]:checked')
    .evaluateAll((els) => Object.fromEntries(els.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value])));
}

/** Opens a module's participant code page and makes the code from the four answers. */
export async function makeCode(page: Page, module: string, answers: readonly [string, string, string, string]): Promise<void> {
  await page.goto(`/modules/${module}/code/`);
  await enterCode(page, answers);
}

/** Types the four answers on the participant code page shown in `scope` and makes the code (mouse-free but not keyboard-only). */
export async function enterCode(scope: Page | FrameLocator, answers: readonly [string, string, string, string]): Promise<void> {
  const labels = [/mother's/, /Day of the month/, /town or city/, /older brothers/];
  for (const [i, label] of labels.entries()) await scope.getByLabel(label).fill(answers[i]!);
  await submitCode(scope);
}

/** Presses "Make my code" once its script is ready (a press before that does nothing: the form submits nowhere). */
export async function submitCode(scope: Page | FrameLocator): Promise<void> {
  await scope.locator('form[data-code-form][data-ready]').waitFor({ state: 'attached' });
  await scope.getByRole('button', { name: 'Make my code' }).click();
  await expect(scope.locator('[data-code-value]')).toBeVisible();
}

/** Reflow (WCAG 1.4.10) of the page as it is now: at `width` CSS px, nothing makes it scroll sideways. */
export async function expectReflow(page: Page, context: string, width = 320): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width, height: 640 });
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  if (size) await page.setViewportSize(size);
  expect(scroll, `${context}: page width at ${width} CSS px`).toBeLessThanOrEqual(width + 1);
}

/** Every page of the built site, as URL paths (E2E_DIST names another build directory than dist/). */
export function builtPages(dist = process.env.E2E_DIST ?? 'dist'): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : name === 'index.html' ? [path] : [];
    });
  return walk(dist)
    .map((file) => '/' + relative(dist, file).replace(/index\.html$/, ''))
    .sort();
}
