// Names, e-mail addresses, IP addresses and locations in REDCap and Qualtrics exports never reach any
// output: not the import's problems, not the JSON report, not the HTML report, not any CSV export. The
// fixtures carry formula prefixes, markup, a name and an e-mail address in those columns, in rows that are
// imported, rows that are left out, and rows with errors.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../../src/lib/analysis/dataset.ts';
import { exportAllFiles } from '../../../src/lib/analysis/export-all.ts';
import { renderReportHtml } from '../../../src/lib/analysis/export-html.ts';
import { analyzeDataset } from '../../../src/lib/analysis/report.ts';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { importFiles } from '../../../src/lib/import/import.ts';
import { HOSTILE, HOSTILE_MARKERS, qualtricsExport, redcapExport } from '../../fixtures/exports/other-systems.ts';
import { shippedInstrument } from '../../fixtures/instruments.ts';

const inst = shippedInstrument();

function everything() {
  const redcap = redcapExport(
    inst,
    [
      { recordId: 'K016', events: { baseline_arm_1: 0, post_arm_1: 1, follow_up_arm_1: 2 }, background: 'nurse' },
      { recordId: 'K017', events: { baseline_arm_1: 0, post_arm_1: 2 } },
      { recordId: 'K018', events: { baseline_arm_1: 1, visit_9_arm_1: 1 } }, // an unmapped event: an error on a row with identifiers
    ],
    { screening: true },
  );
  // A value error on a row whose identifier fields are hostile.
  const rows = Papa.parse<string[]>(redcap.trim()).data;
  rows[2]![rows[0]!.indexOf('att_12_helpful')] = '7';
  const redcapBad = Papa.unparse(rows);
  const qualtrics = qualtricsExport(inst, [
    { responseId: 'R_2YPOQ602ER1jkf1', participant: 'MA-07-SA-2', timepoint: 'pre', shift: 0, person: 0, background: 2 },
    { responseId: 'R_1abcDEF234ghiJK', participant: 'MA-07-SA-2', timepoint: 'post', shift: 1, person: 0 },
    { responseId: 'R_3xyzXYZ567uvwRS', participant: 'MA-07-SA', timepoint: 'post', shift: 1, person: 1 }, // damaged code: error
    { responseId: 'R_prev', participant: 'LU-12-RO-0', timepoint: 'pre', shift: 0, person: 2, status: '1' }, // preview: left out
    { responseId: 'R_late', participant: 'LU-12-RO-0', timepoint: 'during', shift: 0, person: 2 }, // bad timepoint: error
    { responseId: 'R_part', participant: 'AB-01-CD-3', timepoint: 'pre', shift: 0, person: 3, finished: '0' },
  ]);
  // An e-mail longer than any value read: the row is still read (that column is never looked at).
  const longEmail = qualtrics.replace(HOSTILE.email, `${'x'.repeat(3000)}${HOSTILE.email}`);
  const files = [
    { name: 'redcap.csv', text: redcapBad },
    { name: 'qualtrics.csv', text: longEmail },
    {
      name: 'qualtrics-text.csv',
      text: qualtricsExport(inst, [{ responseId: 'R_t', participant: 'MA-07-SA-2', timepoint: 'pre', shift: 0, person: 0 }], { choiceText: true }),
    },
    {
      name: 'redcap-labels.csv',
      text: `"Record ID","Event Name","First Name","Email",Complete?\n"1","Baseline","${HOSTILE.firstName} ${HOSTILE.formula.replace(/"/g, '""')}","${HOSTILE.email}","Complete"\n`,
    },
  ];
  const imported = importFiles(files, inst, instrumentFingerprint(inst), { redcapEvents: { post_arm_1: 'post' } });
  const dataset = buildDataset(imported, inst, { fuzzy: true });
  const report = analyzeDataset(dataset, { fuzzy: true });
  return { imported, dataset, report };
}

describe('REDCap and Qualtrics exports: identifying columns reach no output', () => {
  const { imported, dataset, report } = everything();

  it('the fixtures are hostile where they should be, and the import used the rest', () => {
    expect(imported.counts.imported).toBeGreaterThanOrEqual(8);
    expect(imported.counts.errors).toBeGreaterThanOrEqual(4);
    expect(imported.counts.valuesRejected).toBe(1);
    expect(imported.problems.map((p) => p.message).join('\n')).toMatch(/visit_9_arm_1[\s\S]*MA-07-SA"[\s\S]*answer texts[\s\S]*export with labels/);
    expect(report.sampleFlow.matched).toBeGreaterThanOrEqual(2);
  });

  it('nothing of them is in the import result, the JSON report, the HTML report or any CSV export', () => {
    const outputs: Record<string, string> = {
      'import result': JSON.stringify(imported),
      'report.json': JSON.stringify(report),
      'report.html': renderReportHtml(report, inst),
      ...exportAllFiles(dataset, report),
    };
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['wide.csv', 'responses_long.csv', 'problems.csv', 'sources.csv', 'codebook.csv']));
    for (const [name, text] of Object.entries(outputs)) {
      for (const marker of HOSTILE_MARKERS) expect(text.includes(marker), `${marker} in ${name}`).toBe(false);
    }
  });

  it('the report says which kind of participant id each file used', () => {
    expect(report.meta.sources.map((s) => [s.file, s.format, s.participantIds])).toEqual([
      ['redcap.csv', 'redcap', 'ids from another system'],
      ['qualtrics.csv', 'qualtrics', 'participant codes'],
      ['qualtrics-text.csv', 'qualtrics', 'none'],
      ['redcap-labels.csv', 'redcap', 'none'],
    ]);
    expect(report.meta.rules.participantIds).toMatch(/ids from another system/);
    expect(renderReportHtml(report, inst)).toMatch(/<code>redcap\.csv<\/code><\/th><td>REDCap export<\/td><td>\d+<\/td><td>ids from another system<\/td>/);
  });
});

describe('names used as participant ids reach no output', () => {
  const names = ['Jane Doe', 'jordan van smith', 'John Smith'];
  function run(idSalt?: string) {
    const exported = redcapExport(inst, [
      { recordId: names[0]!, events: { baseline_arm_1: 0, post_arm_1: 1 } },
      { recordId: 'Site A', events: { baseline_arm_1: 0, post_arm_1: 2 } },
      { recordId: 'K017', events: { baseline_arm_1: 0, post_arm_1: 2 } },
    ]);
    // Problems about the named record: a value not on the scale, and its post row exported twice with other values.
    const rows = Papa.parse<string[]>(exported.trim()).data;
    rows[2]![rows[0]!.indexOf('att_12_helpful')] = '7';
    const redcap = Papa.unparse([...rows, rows[2]!.map((v, i) => (i === rows[0]!.indexOf('att_12_recovery') ? '1' : v))]);
    const qualtrics = qualtricsExport(inst, [
      { responseId: 'R_1', participant: names[1], timepoint: 'pre', shift: 0, person: 0 },
      { responseId: 'R_2', participant: names[1], timepoint: 'post', shift: 1, person: 0 },
    ]);
    // A long CSV of names as ids, one of whose records has no answer that can be used.
    const long = `participant,timepoint,item,value\n${names[0]},pre,att-12-helpful,9\n${names[2]},post,att-12-helpful,3\n`;
    const files = [
      { name: 'redcap.csv', text: redcap },
      { name: 'qualtrics.csv', text: qualtrics },
      { name: 'long.csv', text: long },
    ];
    const imported = importFiles(files, inst, instrumentFingerprint(inst), { redcapEvents: { post_arm_1: 'post' }, ...(idSalt ? { idSalt } : {}) });
    const dataset = buildDataset(imported, inst, { fuzzy: false });
    const report = analyzeDataset(dataset, { fuzzy: false });
    return { imported, dataset, report };
  }

  it('each name is replaced by a salted hash, the same for its records, so they are still matched; other ids are kept as written', () => {
    const { imported, report } = run();
    const ids = [...new Set(imported.records.map((r) => r.participant))];
    expect(ids).toEqual([
      expect.stringMatching(/^name-[0-9a-f]{16}$/),
      'Site A',
      'K017',
      expect.stringMatching(/^name-[0-9a-f]{16}$/),
      expect.stringMatching(/^name-/),
    ]);
    // The messages about those records' rows name no one.
    expect(imported.problems.filter((p) => p.severity === 'error').length).toBeGreaterThanOrEqual(2);
    expect(imported.problems.map((p) => p.message).join('\n')).toMatch(/not shown: it may be a name/);
    expect(imported.records.every((r) => r.participantRaw === r.participant)).toBe(true);
    expect(report.sampleFlow.matched).toBe(4);
    const warnings = imported.problems.filter((p) => /reads as a person's name/.test(p.message));
    expect(warnings.map((p) => [p.file, p.line])).toEqual([
      ['redcap.csv', 2],
      ['redcap.csv', 3],
      ['redcap.csv', 8],
      ['qualtrics.csv', 4],
      ['qualtrics.csv', 5],
      ['long.csv', 3],
    ]);
  });

  it('nothing of the names is in the import result, the JSON report, the HTML report or any CSV export', () => {
    const { imported, dataset, report } = run();
    const outputs: Record<string, string> = {
      'import result': JSON.stringify(imported),
      'report.json': JSON.stringify(report),
      'report.html': renderReportHtml(report, inst),
      ...exportAllFiles(dataset, report),
    };
    for (const [name, text] of Object.entries(outputs)) {
      for (const n of names) expect(text.toLowerCase().includes(n.toLowerCase()), `${n} in ${name}`).toBe(false);
    }
  });

  it('with a salt given (LMS_ID_SALT), the hashes are the same run after run; without one, each run has its own', () => {
    const hashes = (salt?: string) => run(salt).imported.records.map((r) => r.participant);
    expect(hashes('agency-2026')).toEqual(hashes('agency-2026'));
    expect(hashes('agency-2026')).not.toEqual(hashes('another'));
    expect(hashes()).not.toEqual(hashes());
  });
});
