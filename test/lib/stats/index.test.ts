// The public API: src/lib/stats/index.ts must re-export everything the modules
// export (so nothing new is forgotten), and must load under plain Node type
// stripping, as the CLI loads it. The statistics themselves are checked against
// R in the other test files.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as stats from '../../../src/lib/stats/index.ts';
import { rValue } from './r-reference.ts';
import { sleepGroup1, sleepGroup2 } from './fixtures.ts';

const statsDirectory = new URL('../../../src/lib/stats/', import.meta.url);
const indexPath = fileURLToPath(new URL('index.ts', statsDirectory));

/** Modules whose exports are building blocks of the others, not part of the API. */
const INTERNAL_MODULES: Record<string, string> = {
  'root-finding.ts': 'bisection used to invert distribution functions',
};

describe('public API', () => {
  const modules = readdirSync(statsDirectory).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

  it('re-exports every value exported by every module, as the same object', async () => {
    const api = stats as Record<string, unknown>;
    const missing: string[] = [];
    for (const file of modules) {
      if (file in INTERNAL_MODULES) continue;
      const module = (await import(new URL(file, statsDirectory).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (api[name] !== value) missing.push(`${file}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('exports nothing that no module defines', async () => {
    const defined = new Set<string>();
    for (const file of modules) {
      const module = (await import(new URL(file, statsDirectory).href)) as Record<string, unknown>;
      for (const name of Object.keys(module)) defined.add(name);
    }
    expect(Object.keys(stats).filter((name) => !defined.has(name))).toEqual([]);
  });

  it('loads under plain Node type stripping (as the CLI does) and computes the R result', () => {
    const script = `const s = await import(${JSON.stringify(indexPath)});
      const r = s.pairedTTest(${JSON.stringify(sleepGroup1)}, ${JSON.stringify(sleepGroup2)});
      const f = s.friedmanTest([[1, 2, 3], [2, 3, 1], [1, 3, 2], [1, 2, 3]]);
      console.log(JSON.stringify([r.t, r.df, f.df]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const [t, df, friedmanDf] = JSON.parse(out) as number[];
    // t.test(g1, g2, paired = TRUE), test/reference/r/paired-t.out
    expect(Math.abs(t! / rValue('paired-t.out', 'sleep.t') - 1)).toBeLessThan(1e-12);
    expect(df).toBe(rValue('paired-t.out', 'sleep.df'));
    expect(friedmanDf).toBe(2);
  });
});
