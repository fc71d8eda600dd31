// Facilitator guides (content/guide/<module>.yaml): one per module, a 45–60 minute session whose agenda
// adds up, discussion questions for exactly the module's lessons, and exercises that fit in the session.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { moduleSchema } from '../../src/lib/curriculum/schemas.ts';
import { agendaTimes, guideProblems, guideSchema, SESSION_MINUTES } from '../../src/collections/guide-schema.ts';

const moduleFiles = readdirSync('content/modules')
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe.each(moduleFiles)('module %s', (file) => {
  const id = file.replace(/\.yaml$/, '');
  const mod = moduleSchema.parse(parse(readFileSync(`content/modules/${file}`, 'utf8')));
  const gfile = `content/guide/${id}.yaml`;

  it(`has a facilitator guide for a ${SESSION_MINUTES.min}–${SESSION_MINUTES.max} minute session whose agenda adds up`, () => {
    expect(existsSync(gfile), `${gfile} is missing`).toBe(true);
    const guide = guideSchema.parse(parse(readFileSync(gfile, 'utf8')));
    expect(agendaTimes(guide).at(-1)!.to).toBe(guide.sessionMinutes);
    expect(guideProblems(id, guide, mod.lessons)).toEqual([]);
  });

  it('points to other parts of the guide by their headings, never by a YAML key', () => {
    const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
    for (const text of strings(parse(readFileSync(gfile, 'utf8'))))
      expect(text).not.toMatch(/\b(collectResults|sayAboutQuestionnaire|beforeTheSession|sessionMinutes)\b/);
  });

  it('tells the facilitator to say the questionnaire is not a test and the code is anonymous', () => {
    const guide = guideSchema.parse(parse(readFileSync(gfile, 'utf8')));
    expect(guide.sayAboutQuestionnaire).toMatch(/not a test/i);
    expect(guide.sayAboutQuestionnaire).toMatch(/code/i);
    expect(guide.sayAboutQuestionnaire).toMatch(/no one asks your name|no name|anonymous/i);
    expect(guide.collectResults).toMatch(/result file/i);
    expect(guide.collectResults).toMatch(/LMS/);
  });
});

describe('guide checks', () => {
  const guide = {
    sessionMinutes: 45,
    agenda: [
      { minutes: 20, activity: 'a' },
      { minutes: 25, activity: 'b' },
    ],
    lessons: [{ lesson: '01-a', discussion: ['q'] }],
    exercises: [{ title: 't', minutes: 10, instructions: 'i' }],
    beforeTheSession: ['x'],
    collectResults: 'r',
    sayAboutQuestionnaire: 's',
  };

  it('rejects an agenda that does not add up to the session', () => {
    expect(guideSchema.safeParse(guide).success).toBe(true);
    expect(guideSchema.safeParse({ ...guide, sessionMinutes: 50 }).success).toBe(false);
    expect(guideSchema.safeParse({ ...guide, sessionMinutes: 90, agenda: [{ minutes: 90, activity: 'a' }] }).success).toBe(false);
  });

  it('names lessons the guide misses or that the module does not have', () => {
    expect(guideProblems('m', guideSchema.parse(guide), ['01-a', '02-b'])).toEqual([
      'content/guide/m.yaml: lessons: no discussion questions for lesson "02-b"',
    ]);
    expect(guideProblems('m', guideSchema.parse(guide), [])).toEqual(['content/guide/m.yaml: lessons[0].lesson: module "m" has no lesson "01-a"']);
  });
});
