// Every objective of every module is measured by at least one scored knowledge question, and no question
// points at an objective the module does not have.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { knowledgeSchema, moduleSchema } from '../../src/lib/curriculum/schemas.ts';

const moduleFiles = readdirSync('content/modules')
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe.each(moduleFiles)('module %s', (file) => {
  const id = file.replace(/\.yaml$/, '');
  const mod = moduleSchema.parse(parse(readFileSync(`content/modules/${file}`, 'utf8')));
  const kfile = `content/knowledge/${id}.yaml`;

  it('has scored knowledge questions', () => {
    expect(existsSync(kfile), `${kfile} is missing`).toBe(true);
  });

  it('has at least one knowledge question for every objective', () => {
    const { questions } = knowledgeSchema.parse(parse(readFileSync(kfile, 'utf8')));
    const uncovered = mod.objectives.map((text, i) => ({ objective: i + 1, text })).filter((o) => !questions.some((q) => q.objective === o.objective));
    expect(uncovered, `${kfile}: objectives of ${id} with no knowledge question`).toEqual([]);
    const outOfRange = questions.filter((q) => q.objective > mod.objectives.length).map((q) => q.id);
    expect(outOfRange, `${kfile}: questions pointing at an objective ${id} does not have`).toEqual([]);
  });
});
