// Building the launch page's course description from the course content (build time and tests only;
// kept apart from config.ts so the wrapper's bundle does not take in the instrument code). Pure.
import { itemsForScales } from '../instrument/scoring.ts';
import type { Instrument } from '../instrument/schema.ts';
import { CONFIG_VERSION, type LmsConfig, type LmsInstrument } from './config.ts';

/**
 * The knowledge checks in an MDX lesson body, in order, with the index of the option marked
 * `correct: true`. Reads the `<KnowledgeCheck id="…" options={[{…}, …]} />` source without evaluating it.
 */
export function knowledgeChecksIn(mdx: string): { id: string; correct: number }[] {
  const out: { id: string; correct: number }[] = [];
  for (const match of mdx.matchAll(/<KnowledgeCheck\b/g)) {
    const start = match.index;
    const id = /\bid\s*=\s*["']([^"']+)["']/.exec(mdx.slice(start, start + 400))?.[1];
    const optionsAt = mdx.indexOf('options', start);
    if (!id || optionsAt < 0) continue;
    const objects = topLevelObjects(mdx, mdx.indexOf('[', optionsAt));
    const correct = objects.findIndex((o) => /\bcorrect\s*:\s*true\b/.test(o));
    out.push({ id, correct });
  }
  return out;
}

/** Source text of each `{…}` at depth 1 inside the array that opens at `from`, strings blanked. */
function topLevelObjects(src: string, from: number): string[] {
  const objects: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = from + 1; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== ch) j += src[j] === '\\' ? 2 : 1;
      if (depth > 0) current += '""';
      i = j;
      continue;
    }
    if (ch === '{') {
      depth++;
      if (depth === 1) current = '';
    } else if (ch === '}') {
      depth--;
      if (depth === 0) objects.push(current);
    } else if (ch === ']' && depth === 0) break;
    if (depth > 0) current += ch;
  }
  return objects;
}

/** The plain facts about a module that buildLmsConfig needs (what course.ts loads). */
export interface ModuleSource {
  id: string;
  title: string;
  summary: string;
  scales: readonly string[];
  instrument: Instrument;
  instrumentHash: string;
  lessons: readonly { slug: string; body: string }[];
}

/** The launch page's configuration, built from the course (one definition for the page and the tests). */
export function buildLmsConfig(appVersion: string, modules: readonly ModuleSource[]): LmsConfig {
  const instruments = new Map<string, LmsInstrument>();
  for (const m of modules) {
    const inst = m.instrument;
    if (instruments.has(inst.id)) continue;
    const points = new Map(inst.responseScales.map((s) => [s.id, s.points.map((p) => ({ value: p.value, label: p.label }))]));
    instruments.set(inst.id, {
      id: inst.id,
      version: inst.version,
      hash: m.instrumentHash,
      items: inst.items.map((i) => ({ id: i.id, text: i.text, scale: points.get(i.responseScale) ?? [] })),
      demographics: inst.demographics.map((d) => ({ id: d.id, options: d.options.map((o) => o.value) })),
    });
  }
  return {
    version: CONFIG_VERSION,
    appVersion,
    modules: modules.map((m) => ({
      id: m.id,
      title: m.title,
      summary: m.summary,
      instrument: m.instrument.id,
      // As the questionnaire page: the items of the module's scales, in instrument order.
      itemIds: itemsForScales(m.instrument, m.scales).map((i) => i.id),
      demographicIds: m.instrument.demographics.map((d) => d.id),
      lessons: m.lessons.map((l) => l.slug),
      checks: m.lessons.flatMap((l) => knowledgeChecksIn(l.body)),
    })),
    instruments: [...instruments.values()],
  };
}
