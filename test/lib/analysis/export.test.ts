import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../../src/lib/analysis/dataset.ts';
import { exportAllFiles } from '../../../src/lib/analysis/export-all.ts';
import { buildCodebook, exportCodebookMarkdown } from '../../../src/lib/analysis/export-codebook.ts';
import { exportLongCsv, exportReportTablesCsv, exportWideCsv, wideColumns } from '../../../src/lib/analysis/export-csv.ts';
import { escapeHtml, renderReportHtml } from '../../../src/lib/analysis/export-html.ts';
import { isSyntacticRName, rName, safeCell, toCsv, uniqueNames } from '../../../src/lib/analysis/export-util.ts';
import { analyzeDataset } from '../../../src/lib/analysis/report.ts';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { importFiles } from '../../../src/lib/import/import.ts';
import { shippedInstrument } from '../../fixtures/instruments.ts';
import { code, jsonFile, makeRecord } from '../../fixtures/evaluator/records.ts';

const inst = shippedInstrument();
const hash = instrumentFingerprint(inst);
const XSS = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://evil.example","click")';

/** 12 people with both records (8 in one discipline, 4 in another), 2 pre-only; hostile text in cohort/module/file name. */
function fixture() {
  const records = [];
  for (let i = 0; i < 14; i++) {
    const discipline = i < 8 ? 'nurse' : 'psychologist';
    const demographics = Object.fromEntries(inst.demographics.map((d) => [d.id, d.id === 'discipline' ? discipline : null]));
    const resp = (shift: number) => Object.fromEntries(inst.items.map((it, j) => [it.id, j === 3 && i === 0 ? null : 1 + ((i + j + shift) % 5)]));
    const cohort = i === 0 ? FORMULA : i === 1 ? XSS : i === 2 ? '-2+3' : i === 3 ? '@SUM(A1)' : i === 4 ? "'=quoted already" : i === 5 ? "'North" : null;
    const module = i === 4 ? IMG : 'mutual-support-basics';
    records.push(makeRecord(inst, { participant: code(i), responses: resp(0), demographics, cohort, module }));
    if (i < 12) records.push(makeRecord(inst, { participant: code(i), timepoint: 'post', responses: resp(1), demographics, cohort, module }));
  }
  const imp = importFiles(
    [jsonFile(`${IMG}.json`, [...records, { format: XSS }]), { name: 'bad.csv', text: `participant,timepoint,item,value\nMA-07-SA-2,pre,${XSS},1\n` }],
    inst,
    hash,
  );
  const ds = buildDataset(imp, inst);
  const report = analyzeDataset(ds, { generatedAt: '2026-11-26T12:00:00.000Z' });
  return { ds, report };
}

const parse = (csv: string) => {
  const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
};

describe('CSV cells', () => {
  it('replaces control and text-direction characters, which a terminal or viewer would act on', () => {
    expect(safeCell('\u001b]0;pwn\u0007\u202eTeam')).toBe('\uFFFD]0;pwn\uFFFD\uFFFDTeam');
    expect(safeCell('Équipe été, عربى')).toBe('Équipe été, عربى');
    expect(safeCell('two\nlines\tand tab')).toBe('two\nlines\tand tab');
    expect(toCsv(['cohort'], [['\u001b[2J']])).toBe('cohort\r\n\uFFFD[2J\r\n');
  });

  it('neutralises formula text but keeps numbers, including negative ones', () => {
    expect(safeCell('=1+1')).toBe("'=1+1");
    expect(safeCell('+41 20 123')).toBe("'+41 20 123");
    expect(safeCell('-2+3')).toBe("'-2+3");
    expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeCell('\tx')).toBe("'\tx");
    expect(safeCell('\rx')).toBe("'\rx");
    expect(safeCell('-')).toBe("'-");
    expect(safeCell('-0.5')).toBe('-0.5');
    // Quoted already: one more quote, which reading back takes off.
    expect(safeCell("'=1+1")).toBe("''=1+1");
    expect(safeCell("''-0.5")).toBe("'''-0.5");
    expect(safeCell("'North")).toBe("'North");
    expect(safeCell('+3')).toBe('+3');
    expect(safeCell('-1e-5')).toBe('-1e-5');
    expect(safeCell(-0.5)).toBe(-0.5);
    expect(safeCell(NaN)).toBe('');
    expect(safeCell(null)).toBe('');
    expect(safeCell('nurse')).toBe('nurse');
    expect(safeCell(true)).toBe('TRUE');
  });

  it('quotes commas, quotes and line breaks (RFC 4180) so the text reads back unchanged', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        ['x, "y"', 'two\nlines'],
        [-0.5, null],
      ],
    );
    expect(parse(csv)).toEqual([
      ['a', 'b'],
      ['x, "y"', 'two\nlines'],
      ['-0.5', ''],
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('makes syntactic, unique R names', () => {
    expect(rName('att-12-helpful')).toBe('att_12_helpful');
    expect(rName('12-step')).toBe('x12_step');
    expect(rName('_x')).toBe('x_x');
    expect(rName('if')).toBe('if_');
    expect(rName('a.b c')).toBe('a.b_c');
    expect(uniqueNames(['a', 'b', 'a', 'a_2', 'a'])).toEqual(['a', 'b', 'a_3', 'a_2', 'a_4']);
  });
});

describe('exports', () => {
  const { ds, report } = fixture();

  it('wide: one row per participant × module, syntactic unique names, items pre/post, scales, gap, demographics', () => {
    const cols = wideColumns(inst).map((c) => c.name);
    expect(cols.every(isSyntacticRName)).toBe(true);
    expect(new Set(cols).size).toBe(cols.length);
    expect(cols).toEqual(
      expect.arrayContaining([
        'participant',
        'att_12_helpful_pre',
        'att_12_helpful_post',
        'attitude_twelve_step_change',
        'twelve_step_vs_psychiatric_change',
        'years_setting',
      ]),
    );
    const rows = parse(exportWideCsv(ds));
    expect(rows[0]).toEqual(cols);
    expect(rows).toHaveLength(1 + 14);
    expect(rows.every((r) => r.length === cols.length)).toBe(true);
    const first = Object.fromEntries(cols.map((c, i) => [c, rows[1]![i]]));
    expect(first).toMatchObject({
      participant: code(0),
      status: 'matched',
      att_12_helpful_pre: '1',
      att_12_helpful_post: '2',
      discipline: 'nurse',
      setting: '',
    });
    // item 4 unanswered at pre: empty cell (NA in R)
    expect(first[`${rName(inst.items[3]!.id)}_pre`]).toBe('');
    const last = Object.fromEntries(cols.map((c, i) => [c, rows[14]![i]]));
    expect(last).toMatchObject({ status: 'pre_only', att_12_helpful_post: '' });
    // Item and score columns are numbers or empty, so read.csv types them as numeric.
    for (const [j, c] of cols.entries()) {
      if (/_(pre|post|change)$/.test(c)) for (const r of rows.slice(1)) expect(r[j]).toMatch(/^(-?\d+(\.\d+)?(e-?\d+)?)?$/);
    }
  });

  it('neutralises formula payloads from imported text fields in every CSV file', () => {
    const files = exportAllFiles(ds, report);
    for (const [name, text] of Object.entries(files)) {
      if (!name.endsWith('.csv')) continue;
      for (const row of parse(text)) {
        for (const cell of row) {
          if (/^[=+\-@\t\r]/.test(cell)) expect(`${name}: ${cell}`).toMatch(/: [+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i);
        }
      }
    }
    expect(files['wide.csv']).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(files['wide.csv']).toContain("'-2+3");
    expect(files['wide.csv']).toContain("'@SUM(A1)");
  });

  it('long: round-trips through the importer with the same answers and demographics', () => {
    const csv = exportLongCsv(ds, { demographics: true });
    const again = importFiles([{ name: 'long.csv', text: csv }], inst, hash);
    expect(again.counts).toMatchObject({ errors: 0, imported: 26, csvRowsRejected: 0 });
    const key = (r: { participant: string; timepoint: string; cohort: string | null }) => `${r.participant}/${r.timepoint}/${r.cohort}`;
    const before = new Map(
      ds.people
        .flatMap((p) => [p.pre, p.post])
        .filter((r) => r !== null)
        .map((r) => [key(r!), r!]),
    );
    for (const r of again.records) {
      const b = before.get(key(r))!;
      expect(r.responses).toEqual(b.responses);
      expect(r.demographics).toEqual(b.demographics);
    }
    const numeric = parse(exportLongCsv(ds));
    expect(numeric[0]).toEqual(['participant', 'timepoint', 'item', 'value', 'cohort', 'module', 'instrument', 'instrument_version', 'participant_kind']);
    expect(numeric.slice(1).every((r) => /^\d*$/.test(r[3]!))).toBe(true);
  });

  it('report tables show suppressed subgroup cells as "< 5" without statistics', () => {
    const tables = exportReportTablesCsv(report);
    const rows = parse(tables['subgroups.csv']!);
    const header = rows[0]!;
    const psych = rows.filter((r) => r[1] === 'psychologist');
    expect(psych.length).toBe(inst.scales.length);
    for (const r of psych) {
      expect(r[header.indexOf('group_n')]).toBe('< 5');
      expect(r[header.indexOf('mean_change')]).toBe('');
      expect(r[header.indexOf('ci_low')]).toBe('');
    }
    const nurse = rows.filter((r) => r[1] === 'nurse');
    expect(nurse.every((r) => r[header.indexOf('group_n')] === 'suppressed')).toBe(true);
    expect(Object.keys(tables)).toEqual([
      'sample_flow.csv',
      'scales.csv',
      'items.csv',
      'gap.csv',
      'subgroups.csv',
      'subgroup_tests.csv',
      'attrition.csv',
      'followup.csv',
      'then_test.csv',
      'knowledge.csv',
      'knowledge_questions.csv',
      'familiarity.csv',
      'attrition_followup.csv',
      'problems.csv',
    ]);
    expect(parse(tables['attrition.csv']!)[1]![4]).toBe('< 5');
  });

  it('codebook: every exported column with meaning, values and reverse keying', () => {
    const book = buildCodebook(inst);
    const wide = book.filter((r) => r.file === 'wide.csv').map((r) => r.column);
    expect(wide).toEqual(wideColumns(inst).map((c) => c.name));
    const harm = book.find((r) => r.column === 'att_12_harm_pre')!;
    expect(harm.meaning).toMatch(/REVERSE-KEYED.*6 − value/);
    expect(harm.values).toMatch(/^1 = Strongly disagree; .*5 = Strongly agree; empty = not answered$/);
    expect(book.filter((r) => r.file === 'responses_long.csv').map((r) => r.column)).toEqual([
      'participant',
      'timepoint',
      'item',
      'value',
      'cohort',
      'module',
      'instrument',
      'instrument_version',
      'participant_kind',
    ]);
    const md = exportCodebookMarkdown(inst);
    expect(md).toMatch(/^# Codebook/);
    expect(md).toContain('| att_12_harm_pre |');
  });
});

describe('HTML report', () => {
  const { report } = fixture();
  const html = renderReportHtml(report, inst);

  it("says an LRS's pages apart from the files in the sample flow", () => {
    const row = (text: string, label: string) => new RegExp(`<th scope="row">${label}</th>\\s*<td>(\\d+)</td>`).exec(text)?.[1];
    expect(row(html, 'Files')).toBe(String(report.sampleFlow.files));
    expect(html).not.toContain('LRS pages');
    const pulled = renderReportHtml({ ...report, sampleFlow: { ...report.sampleFlow, files: 8, lrsPages: 6 } }, inst);
    expect([row(pulled, 'Files'), row(pulled, 'LRS pages with records')]).toEqual(['2', '6']);
    const pagesOnly = renderReportHtml({ ...report, sampleFlow: { ...report.sampleFlow, files: 6, lrsPages: 6 } }, inst);
    expect([row(pagesOnly, 'Files'), row(pagesOnly, 'LRS pages with records')]).toEqual([undefined, '6']);
  });

  it('is self-contained: no scripts, no external resources', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|href|on[a-z]+)=/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).toMatch(/<style>/);
  });

  it('escapes every imported string', () => {
    expect(html).toContain(escapeHtml(`${IMG}.json`));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
  });

  it('has captioned tables with header scopes and shows suppressed cells as "< 5"', () => {
    const tables = html.match(/<table>/g)!.length;
    expect(html.match(/<caption>/g)!.length).toBe(tables);
    expect(html).toContain('<th scope="col">');
    expect(html).toContain('<th scope="row">');
    const discipline = html.slice(html.indexOf('Change by discipline'), html.indexOf('Does change differ by discipline'));
    expect(discipline).toMatch(/<th scope="row">Psychologist<\/th><td>&lt; 5<\/td>(<td>&lt; 5<\/td>)+<\/tr>/);
    expect(discipline).toMatch(/<th scope="row">Nurse<\/th><td>suppressed<\/td>/);
  });
});
