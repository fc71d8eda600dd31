// The report as written out, by the CLI and by the evaluator page's downloads alike: characters a reader
// would not see (C1 controls, text-direction overrides; in HTML also the C0 controls it forbids) become
// escapes, and the text still parses to the same value.
import { describe, expect, it } from 'vitest';
import { safeHtml, safeJson } from '../../../src/lib/analysis/export-util.ts';
import { exportAllFiles, reportJsonText } from '../../../src/lib/analysis/export-all.ts';
import { buildDataset } from '../../../src/lib/analysis/dataset.ts';
import { analyzeDataset } from '../../../src/lib/analysis/report.ts';
import { importFiles } from '../../../src/lib/import/import.ts';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { tinyInstrument } from '../../fixtures/instruments.ts';
import { makeRecord } from '../../fixtures/evaluator/records.ts';

const hostile = 'cohort\u202e1gpj.exe\u0085\u2066x\u2069\u061c';

describe('safeJson', () => {
  it('writes C1 controls and direction overrides as \\u escapes, so the JSON reads back to the same text', () => {
    const text = safeJson(JSON.stringify({ cohort: hostile }));
    expect(text).toBe('{"cohort":"cohort\\u202e1gpj.exe\\u0085\\u2066x\\u2069\\u061c"}');
    expect(JSON.parse(text)).toEqual({ cohort: hostile });
  });

  it('leaves ordinary text, accents and other scripts alone', () => {
    const text = JSON.stringify({ name: 'São Paulo — 東京 עברית' });
    expect(safeJson(text)).toBe(text);
  });
});

describe('safeHtml', () => {
  it('writes C0 controls (not tab, line feed, carriage return), C1 controls and overrides as character references', () => {
    expect(safeHtml(`<p>a\u0001b\tc\nd\u202ee\u009f</p>`)).toBe('<p>a&#x0001;b\tc\nd&#x202e;e&#x009f;</p>');
  });
});

describe('every report file', () => {
  it('the report.json among the CSV exports follows the same rule as the report written on its own', () => {
    const tiny = tinyInstrument();
    const records = [
      makeRecord(tiny, { participant: 'MA-07-SA-2', cohort: hostile }),
      makeRecord(tiny, { participant: 'MA-07-SA-2', timepoint: 'post', cohort: hostile }),
    ];
    const ds = buildDataset(importFiles([{ name: `${hostile}.json`, text: JSON.stringify(records) }], tiny, instrumentFingerprint(tiny)), tiny);
    const report = analyzeDataset(ds);
    const json = exportAllFiles(ds, report)['report.json']!;
    expect(json).toBe(`${reportJsonText(report)}\n`);
    expect(json).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(json).toContain('\\u202e');
  });
});
