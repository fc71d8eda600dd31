// responses_long.csv, the long CSV the evaluator exports (the CLI's --format csv, the page's zip), read back
// by the import: participant codes stay codes and ids from other systems (REDCap record ids, Qualtrics
// ExternalReference, LMS learner ids) stay ids, matched exactly and never fuzzily, whatever the mix.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../../src/lib/analysis/dataset.ts';
import { exportAllFiles } from '../../../src/lib/analysis/export-all.ts';
import { analyzeDataset } from '../../../src/lib/analysis/report.ts';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { importFiles, type ImportFile, type ImportResult } from '../../../src/lib/import/import.ts';
import { answers, qualtricsExport, redcapExport } from '../../fixtures/exports/other-systems.ts';
import { jsonFile, makeRecord } from '../../fixtures/evaluator/records.ts';
import { shippedInstrument } from '../../fixtures/instruments.ts';

const inst = shippedInstrument();
const hash = instrumentFingerprint(inst);
const at = '2026-12-01T00:00:00.000Z';

/** Pre and post records of learners' own result files, under these codes. */
const learners = (codes: readonly string[]) =>
  jsonFile(
    'learners.json',
    codes.flatMap((participant, n) => [
      makeRecord(inst, { participant, timepoint: 'pre', responses: answers(inst, n, 0) }),
      makeRecord(inst, { participant, timepoint: 'post', responses: answers(inst, n, 1) }),
    ]),
  );

/** The evaluator's export of an import, as the CLI writes it, and the import of its responses_long.csv. */
function reimport(files: ImportFile[], fuzzy = false): { first: ImportResult; again: ImportResult; long: string } {
  const first = importFiles(files, inst, hash);
  const ds = buildDataset(first, inst, { fuzzy });
  const long = exportAllFiles(ds, analyzeDataset(ds, { generatedAt: at }))['responses_long.csv']!;
  return { first, again: importFiles([{ name: 'responses_long.csv', text: long }], inst, hash), long };
}

/** Who each record is, and what it holds, in a stable order. */
const people = (r: ImportResult) =>
  r.records
    .map((x) => ({ participant: x.participant, kind: x.participantKind, timepoint: x.timepoint, responses: x.responses }))
    .sort((a, b) => `${a.participant}/${a.timepoint}`.localeCompare(`${b.participant}/${b.timepoint}`));
const flowOf = (r: ImportResult, fuzzy = false) => {
  const { matched, matchedFuzzy } = analyzeDataset(buildDataset(r, inst, { fuzzy }), { generatedAt: at }).sampleFlow;
  return { matched, matchedFuzzy };
};

describe('responses_long.csv read back', () => {
  it('keeps REDCap record ids as ids in a file that holds mostly participant codes (before: refused as invalid codes)', () => {
    const { first, again } = reimport([learners(['MA-07-SA-2', 'LU-12-RO-0', 'AB-01-CD-3']), { name: 'redcap.csv', text: redcapExport(inst, recordIds) }]);
    expect(first.records.filter((x) => x.participantKind === 'opaque')).toHaveLength(4);
    expect(again.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(people(again)).toEqual(people(first));
    expect(flowOf(again)).toEqual(flowOf(first));
    expect(flowOf(again).matched).toBe(5);
  });

  it('keeps participant codes as codes in a file that holds mostly ids (before: read as ids, never matching the codes of other files)', () => {
    const { first, again } = reimport([
      learners(['MA-07-SA-2']),
      { name: 'q.csv', text: qualtricsExport(inst, external(['EMP-1001', 'EMP-1002', 'EMP-1003'])) },
    ]);
    expect(again.problems.filter((p) => p.severity === 'warning' && /looks like a participant code/.test(p.message))).toEqual([]);
    expect(people(again)).toEqual(people(first));
    // The code still matches the learner's own follow-up record, given with the export.
    const followup = jsonFile('followup.json', [makeRecord(inst, { participant: 'ma 07 sa 2', timepoint: 'followup', responses: answers(inst, 0, 2) })]);
    const long = reimport([learners(['MA-07-SA-2']), { name: 'q.csv', text: qualtricsExport(inst, external(['EMP-1001', 'EMP-1002', 'EMP-1003'])) }]).long;
    const both = importFiles([{ name: 'responses_long.csv', text: long }, followup], inst, hash);
    const ds = buildDataset(both, inst);
    expect(ds.people.find((p) => p.participant === 'MA-07-SA-2')?.followup).not.toBeNull();
  });

  it('keeps ids that read like participant codes as ids: matched exactly, never fuzzily (before: read as codes and paired)', () => {
    // ExternalReference is always an id; these two differ in one element, as codes a fuzzy pair would make.
    const responses = [
      { responseId: 'R_1', externalReference: 'MA-07-SA-9', timepoint: 'pre', shift: 0, person: 0 },
      { responseId: 'R_2', externalReference: 'MA-07-SA-8', timepoint: 'post', shift: 1, person: 0 },
    ];
    const { first, again } = reimport([{ name: 'q.csv', text: qualtricsExport(inst, responses, { embedded: ['timepoint'] }) }], true);
    expect(people(first).map((p) => p.kind)).toEqual(['opaque', 'opaque']);
    expect(people(again)).toEqual(people(first));
    expect(flowOf(again, true)).toEqual({ matched: 0, matchedFuzzy: 0 });
  });

  it('keeps the background answers, so the subgroups are the same (before: left out, every subgroup analysis lost)', () => {
    const disciplines = inst.demographics.find((d) => d.id === 'discipline')!.options.map((o) => o.value);
    const codes = Array.from({ length: 12 }, (_, n) => `MA-${String(n).padStart(2, '0')}-SA-${n % 10}`);
    const file = jsonFile(
      'learners.json',
      codes.flatMap((participant, n) => {
        const demographics = { ...Object.fromEntries(inst.demographics.map((d) => [d.id, null])), discipline: disciplines[n % 2]! };
        return [
          makeRecord(inst, { participant, timepoint: 'pre', responses: answers(inst, n, 0), demographics }),
          makeRecord(inst, { participant, timepoint: 'post', responses: answers(inst, n, 1 + (n % 3)), demographics }),
        ];
      }),
    );
    const { first, again, long } = reimport([file]);
    expect(long).toContain(`,demo:discipline,${disciplines[0]},`);
    const demographicsOf = (r: ImportResult) => r.records.map((x) => `${x.participant}/${x.timepoint}:${JSON.stringify(x.demographics)}`).sort();
    expect(demographicsOf(again)).toEqual(demographicsOf(first));
    const subgroups = (r: ImportResult) => analyzeDataset(buildDataset(r, inst), { generatedAt: at }).subgroups;
    expect(subgroups(first).length).toBeGreaterThan(0);
    expect(subgroups(again)).toEqual(subgroups(first));
  });

  it('says which kind each row is in a participant_kind column (code or id)', () => {
    const { long } = reimport([learners(['MA-07-SA-2']), { name: 'redcap.csv', text: redcapExport(inst, recordIds) }]);
    const rows = Papa.parse<string[]>(long.trim()).data;
    const column = rows[0]!.indexOf('participant_kind');
    expect(column).toBeGreaterThan(0);
    const kinds = new Map(rows.slice(1).map((r) => [r[0], r[column]]));
    expect(Object.fromEntries(kinds)).toEqual({ 'MA-07-SA-2': 'code', K016: 'id', K017: 'id' });
  });
});

const recordIds = [
  { recordId: 'K016', events: { baseline_arm_1: 0, post_training_arm_1: 1 } },
  { recordId: 'K017', events: { baseline_arm_1: 1, post_training_arm_1: 2 } },
];
/** Qualtrics responses whose participant is their ExternalReference, pre and post for each. */
const external = (ids: readonly string[]) =>
  ids.flatMap((externalReference, person) =>
    (['pre', 'post'] as const).map((timepoint, k) => ({
      responseId: `R_${person}${k}`,
      externalReference,
      participant: externalReference,
      timepoint,
      shift: k,
      person,
    })),
  );
