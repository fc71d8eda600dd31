// Questionnaire versions (src/lib/instrument/versions.ts): compared as numbers, the newest of the one
// questionnaire at hand; and `npm run instrument`, which needs them, loads none of the import's readers.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { compareVersions, defaultInstrument } from '../../../src/lib/instrument/versions.ts';

describe('questionnaire versions', () => {
  it('are compared as numbers, part by part', () => {
    expect(['1.9.0', '1.10.0', '1.2.0', '1.0.0'].sort(compareVersions)).toEqual(['1.0.0', '1.2.0', '1.9.0', '1.10.0']);
    expect(compareVersions('1.1', '1.1.0')).toBe(0);
    expect(compareVersions('2.0.0', '10.0.0')).toBeLessThan(0);
  });

  it('give the newest version of the one questionnaire, and none when there are several questionnaires', () => {
    const at = (id: string, version: string) => ({ id, version });
    expect(defaultInstrument([at('q', '1.9.0'), at('q', '1.10.0'), at('q', '1.2.0')])).toEqual(at('q', '1.10.0'));
    expect(defaultInstrument([at('q', '1.0.0'), at('r', '2.0.0')])).toBeNull();
    expect(defaultInstrument([])).toBeNull();
  });

  it('are all that `npm run instrument` loads of the evaluator (before: the whole import and its readers)', async () => {
    const bundled = await build({
      entryPoints: ['src/cli/instrument.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const inputs = Object.keys(bundled.metafile.inputs);
    expect(inputs).toContain('src/lib/instrument/versions.ts');
    // Of the import, only what the CSV writer uses to make a text safe to print (export-util.ts), and the
    // REDCap column names the data dictionary must leave to the import (a list of names, no reader).
    expect(inputs.filter((path) => path.startsWith('src/lib/import/')).sort()).toEqual(['src/lib/import/limits.ts', 'src/lib/import/redcap-fields.ts']);
  });
});
