// Content checks: every module has objectives and minutes that fit its content; every lesson cites at
// least one reference and every cited key resolves; every lesson reads at grade 12 or below.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import readability from 'text-readability';
import { describe, expect, it } from 'vitest';
import { moduleSchema } from '../../src/lib/curriculum/schemas.ts';
import { estimatedMinutes, withinTolerance } from '../../src/lib/curriculum/estimates.ts';
import { citedKeys, lessonPlainText, parseLesson, wordCount } from '../../src/lib/curriculum/lesson-tree.ts';
import { itemsForScales } from '../../src/lib/instrument/scoring.ts';
import { parseInstrument } from '../../src/lib/instrument/load.ts';

const MAX_GRADE = 12;
const moduleFiles = readdirSync('content/modules')
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const referenceKeys = new Set(readdirSync('content/references').map((f) => f.replace(/\.yaml$/, '')));
// The newest version of the instrument a module names (the version its questionnaire asks).
const instrument = (id: string) => {
  const file = readdirSync('content/instruments')
    .filter((f) => f.startsWith(`${id}-`))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .at(-1)!;
  return parseInstrument(readFileSync(`content/instruments/${file}`, 'utf8'), `content/instruments/${file}`);
};
const knowledgeCount = (id: string) =>
  existsSync(`content/knowledge/${id}.yaml`) ? (parse(readFileSync(`content/knowledge/${id}.yaml`, 'utf8')).questions as unknown[]).length : 0;

interface LessonFigures {
  lesson: string;
  words: number;
  grade: number;
  citations: number;
  references: number;
}
const report: Record<string, { minutes: number; estimate: number; words: number; lessons: LessonFigures[]; references: number }> = {};

describe.each(moduleFiles)('module %s', (file) => {
  const id = file.replace(/\.yaml$/, '');
  const data = moduleSchema.parse(parse(readFileSync(`content/modules/${file}`, 'utf8')));
  const lessons = data.lessons.map((slug) => {
    const path = `content/lessons/${id}/${slug}.mdx`;
    return { slug, path, source: existsSync(path) ? readFileSync(path, 'utf8') : '' };
  });

  it('has objectives, minutes in 15–25 and existing lessons', () => {
    expect(data.objectives.length).toBeGreaterThan(0);
    expect(data.minutes).toBeGreaterThanOrEqual(15);
    expect(data.minutes).toBeLessThanOrEqual(25);
    for (const l of lessons) expect(l.source, `${l.path} is missing`).not.toBe('');
  });

  it.each(data.lessons)('lesson %s cites at least one reference, and every key resolves', (slug) => {
    const source = lessons.find((l) => l.slug === slug)!.source;
    const keys = citedKeys(parseLesson(source, slug));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !referenceKeys.has(k))).toEqual([]);
  });

  it.each(data.lessons)(`lesson %s reads at grade ${MAX_GRADE} or below (Flesch–Kincaid, text-readability)`, (slug) => {
    const text = lessonPlainText(parseLesson(lessons.find((l) => l.slug === slug)!.source, slug));
    const grade = readability.fleschKincaidGrade(text);
    expect(grade).toBeLessThanOrEqual(MAX_GRADE);
  });

  it('takes about its stated minutes (word count and questionnaire length, ±30%)', () => {
    const inst = instrument(data.instrument);
    const figures = lessons.map(({ slug, source }): LessonFigures => {
      const tree = parseLesson(source, slug);
      const text = lessonPlainText(tree);
      const keys = citedKeys(tree);
      return {
        lesson: slug,
        words: wordCount(text),
        grade: Math.round(readability.fleschKincaidGrade(text) * 10) / 10,
        citations: keys.length,
        references: new Set(keys).size,
      };
    });
    const words = figures.reduce((n, f) => n + f.words, 0);
    const estimate = estimatedMinutes({
      lessonWords: words,
      questionnaireItems: itemsForScales(inst, data.scales).length,
      demographicQuestions: inst.demographics.length,
      knowledgeQuestions: knowledgeCount(id),
    });
    const allKeys = new Set(lessons.flatMap((l) => citedKeys(parseLesson(l.source, l.slug))));
    report[id] = { minutes: data.minutes, estimate: Math.round(estimate * 10) / 10, words, lessons: figures, references: allKeys.size };
    mkdirSync('.ci-out', { recursive: true });
    writeFileSync('.ci-out/content-report.json', JSON.stringify(report, null, 2));
    expect(withinTolerance(estimate, data.minutes), `estimate ${estimate.toFixed(1)} min vs stated ${data.minutes}`).toBe(true);
  });
});

describe('the plain-text extraction the checks rely on', () => {
  it('keeps knowledge-check words, drops markup and citations', () => {
    const mdx = `---\ntitle: T\n---\n## Heading\nSome *text* <Cite k="x" />.\n<KnowledgeCheck id="a" question="Why?" options={[{ text: "Because", correct: true, feedback: "Yes it is." }]} />\n`;
    expect(lessonPlainText(parseLesson(mdx))).toBe('Heading.\nSome text .\nWhy? Because. Yes it is.');
  });
  it('counts words', () => {
    expect(wordCount('One two, three — 4.')).toBe(4);
  });
});
