// Reads the knowledge banks from a content folder (Node only: the CLI and tests). Each module's questions
// (content/knowledge/<module>.yaml) with its objectives (content/modules/<module>.yaml), checked with the
// same schemas as the site's build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { knowledgeSchema, moduleSchema } from '../curriculum/schemas.ts';
import { knowledgeBank, type KnowledgeBankModule } from './knowledge-banks.ts';

export interface LoadedBanks {
  banks: KnowledgeBankModule[];
  /** Files that could not be used, with the reason (the others are still loaded). */
  problems: string[];
}

/**
 * Every module's bank, in the course's order (the modules' `order`), as the site's evaluator page has them.
 * `parseYaml` parses the files (the CLI's keeps what it parsed: src/cli/yaml-cache.ts).
 */
export function loadKnowledgeBanks(contentDir: string, parseYaml: (text: string) => unknown = parse): LoadedBanks {
  const dir = join(contentDir, 'knowledge');
  const banks: (KnowledgeBankModule & { order: number })[] = [];
  const problems: string[] = [];
  if (!existsSync(dir)) return { banks: [], problems };
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const moduleId = name.slice(0, -'.yaml'.length);
    const file = join(dir, name);
    const moduleFile = join(contentDir, 'modules', name);
    try {
      const knowledge = knowledgeSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
      if (!knowledge.success) throw new Error(`${file}: ${knowledge.error.issues[0]?.message ?? 'not valid'}`);
      const mod = moduleSchema.safeParse(parseYaml(readFileSync(moduleFile, 'utf8')));
      if (!mod.success) throw new Error(`${moduleFile}: ${mod.error.issues[0]?.message ?? 'not valid'}`);
      banks.push({ ...knowledgeBank(moduleId, mod.data.objectives, knowledge.data.questions), order: mod.data.order });
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  banks.sort((a, b) => a.order - b.order || a.moduleId.localeCompare(b.moduleId));
  return { banks: banks.map(({ order: _, ...bank }) => bank), problems };
}

/** The course's module ids (content/modules/<module>.yaml), for the import's check of records' modules. */
export function courseModuleIds(contentDir: string): string[] {
  const dir = join(contentDir, 'modules');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => n.slice(0, -'.yaml'.length))
    .sort();
}
