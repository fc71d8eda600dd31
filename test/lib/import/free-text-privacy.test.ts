// A cohort or module is free text that every output copies (wide.csv, responses_long.csv, the report's
// matching tables). The tool's own cohort codes cannot hold an e-mail or IP address (assignment.ts), but an
// export's cohort field, typed by anyone, can: a learner's e-mail typed as the cohort. Such a text is
// replaced by "(withheld cohort N)" as the record is kept (the same text, the same stand-in, so records still
// match), with a warning; and no problem message quotes an e-mail or IP address.
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../../src/lib/analysis/dataset.ts';
import { exportAllFiles } from '../../../src/lib/analysis/export-all.ts';
import { renderReportHtml } from '../../../src/lib/analysis/export-html.ts';
import { analyzeDataset } from '../../../src/lib/analysis/report.ts';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { importFiles, type ImportFile } from '../../../src/lib/import/import.ts';
import { personalDataIn, withoutPersonalData } from '../../../src/lib/import/participant-ids.ts';
import { redcapFieldName } from '../../../src/lib/export/redcap-dictionary.ts';
import { signRecord } from '../../../src/lib/records/sign.ts';
import { code, makeRecord } from '../../fixtures/evaluator/records.ts';
import { qualtricsExport } from '../../fixtures/exports/other-systems.ts';
import { shippedInstrument } from '../../fixtures/instruments.ts';

const inst = shippedInstrument();
const hash = instrumentFingerprint(inst);
const EMAIL = 'jane.doe@example.org';
const IPV4 = '10.20.30.40';
const IPV6 = 'fe80::1ff:fe23:4567:890a';
const SECRETS = [EMAIL, 'jane.doe', IPV4, IPV6, 'fe80::'];
const answersOf = (v: number) => Object.fromEntries(inst.items.map((i) => [i.id, v]));

/** Every output of an import: the report (JSON, HTML) and every export file. */
function outputs(files: ImportFile[]) {
  const imported = importFiles(files, inst, hash, { redcapEvents: { baseline_arm_1: 'pre', post_arm_1: 'post' } });
  const dataset = buildDataset(imported, inst);
  const report = analyzeDataset(dataset, {});
  const texts: Record<string, string> = {
    'report.json': JSON.stringify(report),
    'report.html': renderReportHtml(report, inst),
    ...exportAllFiles(dataset, report),
  };
  return { imported, report, texts };
}
const expectNoSecret = (texts: Record<string, string>) => {
  for (const [name, text] of Object.entries(texts)) for (const secret of SECRETS) expect(text, `${name}: ${secret}`).not.toContain(secret);
};

describe('personalDataIn and withoutPersonalData', () => {
  it('find e-mail and IP addresses, and leave cohort codes, dates, versions and times alone', () => {
    for (const text of [
      EMAIL,
      `Team <${EMAIL}>`,
      'a@b.co',
      IPV4,
      `site ${IPV4}`,
      '192.168.0.1',
      IPV6,
      '::1',
      '2001:db8::8a2e:370:7334',
      '2001:0db8:0000:0000:0000:ff00:0042:8329',
      // Typed in an LMS's or survey's cohort field: an intranet address, a full-width or small at sign,
      // a percent-encoded mailto link.
      'user@localhost',
      'jdoe@clinic',
      'jdoe\uFF20clinic.org',
      'jdoe\uFE6Bclinic.org',
      'mailto:jdoe%40clinic.org',
    ])
      expect(personalDataIn(text), text).toBe(
        text.includes('.') && !/[@\uFF20\uFE6B]|%40/.test(text)
          ? 'an IP address'
          : text.includes(':') && !/[@\uFF20\uFE6B]|%40/.test(text)
            ? 'an IP address'
            : 'an e-mail address',
      );
    expect(personalDataIn(EMAIL)).toBe('an e-mail address');
    expect(personalDataIn(IPV4)).toBe('an IP address');
    for (const text of [
      'Team B',
      'Team A, north {2026} 100%',
      '2026.11.26',
      'v1.2.3',
      '1.1.0',
      '1.2.3.4.5',
      '300.1.1.1',
      'Team::A',
      '12:30:00',
      'ward@',
      '@home',
      'Q1@2024',
      'Team @ Home',
      'Équipe été',
    ])
      expect(personalDataIn(text), text).toBeNull();
    expect(withoutPersonalData(`value "${EMAIL}" and "${IPV4}" for item "x"`)).toBe(
      'value "(an e-mail address, not shown)" and "(an IP address, not shown)" for item "x"',
    );
    expect(withoutPersonalData('version 1.1.0 of "msg-attitudes" at 10:08')).toBe('version 1.1.0 of "msg-attitudes" at 10:08');
    expect(withoutPersonalData('cohort "jdoe@clinic" and "mailto:a%40b.org" and "x\uFF20y"')).toBe(
      'cohort "(an e-mail address, not shown)" and "mailto:(an e-mail address, not shown)" and "(an e-mail address, not shown)"',
    );
    expect(withoutPersonalData('100% of "50%" at "@SUM(1)"')).toBe('100% of "50%" at "@SUM(1)"');
  });
});

describe('a cohort or module holding an e-mail or IP address', () => {
  it('long CSV: replaced by a stand-in in every output, the same one for the same text, so pre and post still match; a warning says so', () => {
    const item = inst.items[0]!.id;
    const rows = [
      'participant,timepoint,item,value,cohort,module,instrument,instrument_version',
      ...[0, 1, 2].flatMap((i) =>
        ['pre', 'post'].flatMap((tp) =>
          inst.items.map(
            (it) => `${code(i)},${tp},${it.id},${tp === 'pre' ? 2 : 4},${[EMAIL, IPV4, 'Team B'][i]},mutual-support-basics,${inst.id},${inst.version}`,
          ),
        ),
      ),
      // A value that is an e-mail address, quoted in the problem it makes.
      `${code(9)},pre,${item},${EMAIL},Team B,mutual-support-basics,${inst.id},${inst.version}`,
    ];
    const { imported, report, texts } = outputs([{ name: 'long.csv', text: rows.join('\n') }]);
    expect(imported.records.map((r) => r.cohort)).toEqual([
      '(withheld cohort 1)',
      '(withheld cohort 1)',
      '(withheld cohort 2)',
      '(withheld cohort 2)',
      'Team B',
      'Team B',
    ]);
    expect(report.sampleFlow.matched).toBe(3);
    // Said once per text, with the first record that holds it.
    expect(imported.problems.filter((p) => p.severity === 'warning' && /cohort/.test(p.message)).map((p) => [p.line, p.message])).toEqual([
      [
        2,
        'the cohort of this record holds what looks like an e-mail address, which is never copied into a report or export: it is shown as "(withheld cohort 1)", as is the same cohort in every other record (so they still match)',
      ],
      [
        2 + 2 * inst.items.length,
        'the cohort of this record holds what looks like an IP address, which is never copied into a report or export: it is shown as "(withheld cohort 2)", as is the same cohort in every other record (so they still match)',
      ],
    ]);
    expect(imported.problems).toContainEqual(
      expect.objectContaining({ severity: 'error', message: expect.stringMatching(/^value "\(an e-mail address, not shown\)" for item/) }),
    );
    expect(texts['wide.csv']).toContain('(withheld cohort 1)');
    expectNoSecret(texts);
  });

  it('result records, REDCap (cohort field or data access group) and Qualtrics: the same rule', () => {
    const json = JSON.stringify([
      makeRecord(inst, { participant: code(1), cohort: EMAIL, responses: answersOf(2) }),
      makeRecord(inst, { participant: code(1), cohort: EMAIL, timepoint: 'post', responses: answersOf(4) }),
    ]);
    const fields = inst.items.map((i) => redcapFieldName(i.id));
    const redcap = [
      `record_id,redcap_event_name,redcap_data_access_group,${fields.join(',')},msg_attitudes_complete`,
      `K1,baseline_arm_1,${IPV4},${fields.map(() => 2).join(',')},2`,
      `K1,post_arm_1,${IPV4},${fields.map(() => 4).join(',')},2`,
    ].join('\n');
    // Embedded data "cohort" added as the last column (names, question texts, import ids, then the responses).
    const added = [',cohort', ',cohort', ',"{""ImportId"":""cohort""}"', `,${IPV6}`, `,${IPV6}`];
    const qualtrics = qualtricsExport(inst, [
      { responseId: 'R_1aaaaaaaaaaaaaa', participant: code(3), timepoint: 'pre', shift: 0, person: 0 },
      { responseId: 'R_2aaaaaaaaaaaaaa', participant: code(3), timepoint: 'post', shift: 1, person: 0 },
    ])
      .trimEnd()
      .split(/\r?\n/)
      .map((line, i) => line + added[i])
      .join('\n');
    const { imported, report, texts } = outputs([
      { name: 'learner.json', text: json },
      { name: 'redcap.csv', text: redcap },
      { name: 'qualtrics.csv', text: qualtrics },
    ]);
    expect(imported.records.map((r) => [r.file, r.cohort])).toEqual([
      ['learner.json', '(withheld cohort 1)'],
      ['learner.json', '(withheld cohort 1)'],
      ['redcap.csv', '(withheld cohort 2)'],
      ['redcap.csv', '(withheld cohort 2)'],
      ['qualtrics.csv', '(withheld cohort 3)'],
      ['qualtrics.csv', '(withheld cohort 3)'],
    ]);
    expect(report.sampleFlow.matched).toBe(3);
    expectNoSecret(texts);
  });

  it('a module holding an e-mail address is withheld the same way (records and their list of modules)', () => {
    const { checksum: _, ...unsigned } = makeRecord(inst, { participant: code(1), module: EMAIL });
    const json = JSON.stringify([signRecord({ ...unsigned, modules: [EMAIL] })]);
    const { imported, texts } = outputs([{ name: 'learner.json', text: json }]);
    expect(imported.records[0]).toMatchObject({ module: '(withheld module 1)', modules: ['(withheld module 1)'] });
    expectNoSecret(texts);
  });
});
