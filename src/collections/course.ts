// Loads the course content once and checks what zod cannot: that every cross-reference resolves.
// Any problem fails the build with the file and the field named.
import { getCollection, type CollectionEntry } from 'astro:content';
import { instrumentFingerprint } from '../lib/instrument/fingerprint.ts';
import type { Instrument } from '../lib/instrument/schema.ts';
import { moduleSteps, type Step } from '../lib/learner/learner-path.ts';

export interface CourseModule {
  id: string;
  data: CollectionEntry<'modules'>['data'];
  lessons: CollectionEntry<'lessons'>[];
  instrument: Instrument;
  instrumentHash: string;
}

export interface Course {
  modules: CourseModule[];
  references: Map<string, CollectionEntry<'references'>>;
  instruments: Map<string, { data: Instrument; hash: string }>;
}

const CITE = /<Cite\s+[^>]*\bk=["']([^"']+)["']/g;

/** Reference keys a lesson body cites with <Cite k="…" />. */
export function citedKeys(body: string): string[] {
  return [...body.matchAll(CITE)].map((m) => m[1]!);
}

let cached: Promise<Course> | undefined;

export function loadCourse(): Promise<Course> {
  return (cached ??= build());
}

async function build(): Promise<Course> {
  const [modules, lessons, instruments, references] = await Promise.all([
    getCollection('modules'),
    getCollection('lessons'),
    getCollection('instruments'),
    getCollection('references'),
  ]);
  const problems: string[] = [];
  const referenceMap = new Map(references.map((r) => [r.id, r]));
  const instrumentMap = new Map(instruments.map((i) => [i.data.id, { data: i.data, hash: instrumentFingerprint(i.data) }]));

  for (const inst of instruments) {
    if (inst.id !== inst.data.id) problems.push(`content/instruments/${inst.id}.yaml: id: must equal the file name ("${inst.id}")`);
    inst.data.items.forEach((item, i) => {
      const file = `content/instruments/${inst.id}.yaml`;
      if (!referenceMap.has(item.provenance.source)) {
        problems.push(`${file}: items[${i}].provenance.source: unknown reference "${item.provenance.source}"`);
      }
    });
  }

  for (const lesson of lessons) {
    for (const key of citedKeys(lesson.body ?? '')) {
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
    const instrument = instrumentMap.get(mod.data.instrument);
    if (!instrument) {
      problems.push(`${file}: instrument: unknown instrument "${mod.data.instrument}"`);
      continue;
    }
    mod.data.scales.forEach((scaleId, i) => {
      if (!instrument.data.scales.some((s) => s.id === scaleId)) problems.push(`${file}: scales[${i}]: instrument "${instrument.data.id}" has no scale "${scaleId}"`);
    });
    courseModules.push({ id: mod.id, data: mod.data, lessons: found, instrument: instrument.data, instrumentHash: instrument.hash });
  }

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
  return moduleSteps(mod.id, mod.lessons.map((l) => ({ slug: lessonSlug(l), title: l.data.title })));
}
