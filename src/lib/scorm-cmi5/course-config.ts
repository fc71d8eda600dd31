// Building the launch page's course description from the course content (build time and tests only;
// kept apart from config.ts so the wrapper's bundle does not take in the instrument code). Pure.
import { itemsForScales } from '../instrument/scoring.ts';
import type { Instrument } from '../instrument/schema.ts';
import { knowledgeChecks, parseLesson } from '../curriculum/lesson-tree.ts';
import { correctOption, type KnowledgeQuestion } from '../knowledge/bank.ts';
import { CONFIG_VERSION, type LmsConfig, type LmsInstrument } from './config.ts';

/** The knowledge checks of an MDX lesson, in order, with the index of the option marked correct. */
export function knowledgeChecksIn(mdx: string, where = 'lesson'): { id: string; correct: number }[] {
  return knowledgeChecks(parseLesson(mdx, where), where).map((c) => ({ id: c.id, correct: c.options.findIndex((o) => o.correct) }));
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
  knowledge: readonly KnowledgeQuestion[];
}

export interface LmsAccess {
  allowedOrigins: readonly string[];
  packaged: boolean;
}

/** A list of origins from text ("https://a.example, https://b.example:8443"); throws on anything else. */
export function parseOrigins(text: string | undefined, where = 'LMS_ALLOWED_ORIGINS'): string[] {
  const out: string[] = [];
  for (const part of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(part);
    } catch {
      throw new Error(`${where}: "${part}" is not an origin (write it as https://lms.example.org)`);
    }
    if (!/^https?:$/.test(url.protocol) || url.origin !== part.replace(/\/$/, '')) {
      throw new Error(`${where}: "${part}" is not an origin: give scheme, host and port only, such as https://lms.example.org`);
    }
    if (!out.includes(url.origin)) out.push(url.origin);
  }
  return out;
}

/** The launch page's configuration, built from the course (one definition for the page and the tests). */
export function buildLmsConfig(appVersion: string, modules: readonly ModuleSource[], access: LmsAccess = { allowedOrigins: [], packaged: false }): LmsConfig {
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
    allowedOrigins: [...access.allowedOrigins],
    packaged: access.packaged,
    modules: modules.map((m) => ({
      id: m.id,
      title: m.title,
      summary: m.summary,
      instrument: m.instrument.id,
      // As the questionnaire page: the items of the module's scales, in instrument order.
      itemIds: itemsForScales(m.instrument, m.scales).map((i) => i.id),
      demographicIds: m.instrument.demographics.map((d) => d.id),
      lessons: m.lessons.map((l) => l.slug),
      checks: m.lessons.flatMap((l) => knowledgeChecksIn(l.body, `${m.id}/${l.slug}`)),
      knowledge: m.knowledge.map((q) => ({ id: q.id, text: q.text, options: q.options.map((o) => o.text), correct: correctOption(q) })),
    })),
    instruments: [...instruments.values()],
  };
}
