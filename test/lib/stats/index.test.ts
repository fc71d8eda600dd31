import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as stats from '../../../src/lib/stats/index.ts';

const indexPath = fileURLToPath(new URL('../../../src/lib/stats/index.ts', import.meta.url));

describe('public API', () => {
  it('re-exports the main functions', () => {
    for (const name of [
      'pairedTTest', 'wilcoxonSignedRank', 'cohenDz', 'hedgesGz', 'cronbachAlpha', 'reliableChange', 'holm',
      'benjaminiHochberg', 'welchAnova', 'kruskalWallis', 'mcnemarTest', 'mean', 'sampleSd',
    ]) {
      expect(typeof (stats as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('loads under plain Node type stripping (as the CLI does)', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const s = await import(${JSON.stringify(indexPath)}); console.log(s.pairedTTest([2, 4, 7], [1, 1, 2]).df);`],
      { encoding: 'utf8' },
    );
    expect(out.trim()).toBe('2');
  });
});
