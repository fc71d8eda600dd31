// Loads the course content once and checks what zod cannot: that every cross-reference resolves.
// Any problem fails the build with the file and the field named.
import { getCollection, type CollectionEntry } from 'astro:content';
import { instrumentFingerprint } from '../lib/instrument/fingerprint.ts';
import type { Instrument } from '../lib/instrument/schema.ts';
import { compareVersions } from '../lib/instrument/versions.ts';
import { moduleSteps, type Step } from '../lib/learner/learner-path.ts';
import type { KnowledgeQuestion } from '../lib/knowledge/bank.ts';
import { knowledgeFingerprint } from '../lib/knowledge/fingerprint.ts';
import { citedKeys as treeCitedKeys, parseLesson } from '../lib/curriculum/lesson-tree.ts';

export interface CourseModule {
  id: string;
  data: CollectionEntry<'modules'>['data'];
  lessons: CollectionEntry<'lessons'>[];
  instrument: Instrument;
  instrumentHash: string;
  /** Scored knowledge questions (content/knowledge/<module>.yaml), in file order; empty if none. */
  knowledge: KnowledgeQuestion[];
  knowledgeHash: string | null;
}

export interface Course {
  modules: CourseModule[];
  references: Map<string, CollectionEntry<'references'>>;
  instruments: Map<string, { data: Instrument; hash: string }>;
}

/** Reference keys a lesson body cites with <Cite k="…" />, read from its MDX syntax tree. */
export function citedKeys(body: string, where = 'lesson'): string[] {
  return treeCitedKeys(parseLesson(body, where), where);
}

let cached: Promise<Course> | undefined;

export function loadCourse(): Promise<Course> {
  return (cached ??= build());
}

async function build(): Promise<Course> {
  const [modules, lessons, instruments, references, knowledge] = await Promise.all([
    getCollection('modules'),
    getCollection('lessons'),
    getCollection('instruments'),
    getCollection('references'),
    getCollection('knowledge'),
  ]);
  const problems: string[] = [];
  const referenceMap = new Map(references.map((r) => [r.id, r]));
  const instrumentMap = new Map(instruments.map((i) => [`${i.data.id}@${i.data.version}`, { data: i.data, hash: instrumentFingerprint(i.data) }]));
  /** The newest version of each instrument id: what the modules ask. Older versions stay for import. */
  const newest = (id: string) => [...instrumentMap.values()].filter((i) => i.data.id === id).sort((a, b) => compareVersions(b.data.version, a.data.version))[0];

  for (const inst of instruments) {
    const expected = `${inst.data.id}-${inst.data.version}.yaml`;
    const file = inst.filePath ?? `content/instruments/${inst.id}.yaml`;
    if (!file.endsWith(`/${expected}`)) problems.push(`${file}: the file name must be "<id>-<version>.yaml" ("${expected}")`);
    inst.data.items.forEach((item, i) => {
      if (!referenceMap.has(item.provenance.source)) {
        problems.push(`${file}: items[${i}].provenance.source: unknown reference "${item.provenance.source}"`);
      }
    });
  }

  for (const lesson of lessons) {
    for (const key of citedKeys(lesson.body ?? '', `content/lessons/${lesson.id}.mdx`)) {
      if (!referenceMap.has(key)) problems.push(`content/lessons/${lesson.id}.mdx: <Cite k="${key}">: unknown reference key`);
    }
  }

  const courseModules: CourseModule[] = [];
  for (const mod of [...modules].sort((a, b) => a.data.order - b.data.order)) {
    const file = `content/modules/${mod.id}.yaml`;
    const found: CollectionEntry<'lessons'>[] = [];
    mod.data.lessons.forEach((lessonId, i) => {
      const lesson = lessons.find((l) => l.id === `${mod.id}/${lessonId}`);
      if (lesson) found.push(lesson);
      else problems.push(`${file}: lessons[${i}]: no lesson content/lessons/${mod.id}/${lessonId}.mdx`);
    });
    const instrument = newest(mod.data.instrument);
    if (!instrument) {
      problems.push(`${file}: instrument: unknown instrument "${mod.data.instrument}"`);
      continue;
    }
    mod.data.scales.forEach((scaleId, i) => {
      if (!instrument.data.scales.some((s) => s.id === scaleId))
        problems.push(`${file}: scales[${i}]: instrument "${instrument.data.id}" has no scale "${scaleId}"`);
    });
    const questions = knowledge.find((k) => k.id === mod.id)?.data.questions ?? [];
    const kfile = `content/knowledge/${mod.id}.yaml`;
    questions.forEach((q, i) => {
      if (q.objective > mod.data.objectives.length)
        problems.push(`${kfile}: questions[${i}].objective: the module has ${mod.data.objectives.length} objectives`);
      q.sources.forEach((key, j) => {
        if (!referenceMap.has(key)) problems.push(`${kfile}: questions[${i}].sources[${j}]: unknown reference "${key}"`);
      });
    });
    courseModules.push({
      id: mod.id,
      data: mod.data,
      lessons: found,
      instrument: instrument.data,
      instrumentHash: instrument.hash,
      knowledge: questions,
      knowledgeHash: questions.length ? knowledgeFingerprint(questions) : null,
    });
  }

  const questionIds = courseModules.flatMap((m) => m.knowledge.map((q) => q.id));
  for (const id of new Set(questionIds.filter((id, i) => questionIds.indexOf(id) !== i)))
    problems.push(`content/knowledge: question id "${id}" is used more than once`);

  if (problems.length) throw new Error(`Invalid course content:\n  - ${problems.join('\n  - ')}`);
  return { modules: courseModules, references: referenceMap, instruments: instrumentMap };
}

export async function getModule(id: string): Promise<CourseModule> {
  const mod = (await loadCourse()).modules.find((m) => m.id === id);
  if (!mod) throw new Error(`unknown module "${id}"`);
  return mod;
}

/** getStaticPaths for the per-module pages: one page per module. */
export async function moduleStaticPaths() {
  const { modules } = await loadCourse();
  return modules.map((m) => ({ params: { module: m.id } }));
}

/** A lesson's id within its module: "mutual-support-basics/01-what" → "01-what". */
export function lessonSlug(lesson: CollectionEntry<'lessons'>): string {
  return lesson.id.split('/').slice(1).join('/');
}

/** The module's steps in order (overview, code, pre, lessons, post, results, certificate) with their paths. */
export function stepsOf(mod: CourseModule): Step[] {
  return moduleSteps(
    mod.id,
    mod.lessons.map((l) => ({ slug: lessonSlug(l), title: l.data.title })),
  );
}
