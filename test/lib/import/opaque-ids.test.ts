// Participant ids from other systems ("opaque" ids) in the long CSV, and the rule that decides, per file,
// whether its ids are participant codes or ids from another system (src/lib/import/participant-ids.ts).
import { describe, expect, it } from 'vitest';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { importFiles } from '../../../src/lib/import/import.ts';
import {
  classifyId,
  decideIdKind,
  ID_KIND_RULE,
  looksLikeDamagedCode,
  looksLikeName,
  opaqueIdProblem,
  quotedBadCode,
  quotedId,
} from '../../../src/lib/import/participant-ids.ts';
import { matchPrePost } from '../../../src/lib/matching/match.ts';
import { tinyInstrument } from '../../fixtures/instruments.ts';
import { jsonFile, makeRecord } from '../../fixtures/evaluator/records.ts';

const tiny = tinyInstrument();
const hash = instrumentFingerprint(tiny);
const header = 'participant,timepoint,item,value';
/** A long CSV: every id answers item a (and b) at `timepoint`. */
const csv = (ids: readonly string[], timepoint = 'pre') => `${header}\n${ids.map((id) => `${id},${timepoint},a,4\n${id},${timepoint},b,2`).join('\n')}\n`;
const run = (files: { name: string; text: string }[]) => importFiles(files, tiny, hash);

describe('which ids are codes', () => {
  it('tells codes, damaged codes and other ids apart', () => {
    expect(classifyId('MA-07-SA-2')).toBe('code');
    expect(classifyId(' ma 07 sa 2 ')).toBe('code');
    for (const near of ['MA-07-SA', 'MA-7-SA-2', 'MA-07-SA-22', 'MA 07 SA', 'M4-07-SA-2']) expect(looksLikeDamagedCode(near), near).toBe(true);
    for (const other of ['K016', '1', '331-1', 'R_2YPOQ602ER1jkf1', 'ab12cd34', 'BAD', 'x-y']) expect(classifyId(other), other).toBe('other');
  });

  it('decides a file is one of codes when at least half of its distinct ids look like codes', () => {
    expect(decideIdKind(['MA-07-SA-2', 'LU-12-RO-0'])).toBe('code');
    expect(decideIdKind(['MA-07-SA-2', 'MA-07-SA-2', 'MA-07-SA-2', 'K016'])).toBe('code'); // distinct ids: 1 of 2
    expect(decideIdKind(['MA-07-SA-2', 'MA-07-SA', 'K016', 'K017'])).toBe('code'); // a damaged code counts as code-like
    expect(decideIdKind(['K016', 'K017', 'MA-07-SA-2'])).toBe('opaque');
    expect(decideIdKind(['1', '2', '3'])).toBe('opaque');
    expect(decideIdKind(['', '  '])).toBe('code');
    expect(ID_KIND_RULE).toMatch(/at least half/);
  });

  it('refuses opaque ids that no system writes', () => {
    for (const ok of ['K016', '331-1', 'R_2YPOQ602ER1jkf1', 'Rec 18', 'EMP-1001', 'lms-0a1b2c3d4e5f6a7b', 'Ünal#3', 'a/b:c+d.e'])
      expect(opaqueIdProblem(ok), ok).toBeNull();
    expect(opaqueIdProblem('<script>alert(1)</script>')).toMatch(/characters no system id holds/);
    expect(opaqueIdProblem('=HYPERLINK("http://evil.example")')).toMatch(/characters no system id holds/);
    expect(opaqueIdProblem('+41 20 123')).toMatch(/characters no system id holds/);
    expect(opaqueIdProblem('a,b')).toMatch(/characters no system id holds/);
    expect(opaqueIdProblem('jane.doe@example.org')).toMatch(/e-mail address/);
    expect(opaqueIdProblem('user@corp')).toMatch(/e-mail address/);
    expect(opaqueIdProblem('x'.repeat(101))).toMatch(/longer than 100/);
    expect(opaqueIdProblem('K\u001b[2J')).toMatch(/control/);
    expect(opaqueIdProblem('\u202eK016')).toMatch(/text-direction/);
  });
});

describe('ids that read as names', () => {
  it('two to four words of letters, two of them of two letters or more, no digit', () => {
    for (const id of ['Jane Doe', 'jane doe', 'Mary-Ann van Dyke', 'J. R. Tolkien', 'José Núñez', 'Pilot Group']) expect(looksLikeName(id), id).toBe(true);
    for (const id of ['K017', 'Site A', 'jdoe', 'R_2YPOQ602ER1jkf1', 'Group 2', 'Jane  Doe Smith Jones Brown', 'MA-07-SA-2', 'emp 4411 b', 'a b']) {
      expect(looksLikeName(id), id).toBe(false);
    }
  });
});

describe('long CSV with ids from another system', () => {
  it('imports a file of other ids as opaque ids: trimmed, case kept, not normalised', () => {
    const r = run([{ name: 'redcap-long.csv', text: csv(['K016', ' k017 ', 'Rec 18', 'K016']) }]);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.records.map((x) => [x.participant, x.participantRaw, x.participantKind])).toEqual([
      ['K016', 'K016', 'opaque'],
      ['k017', 'k017', 'opaque'],
      ['Rec 18', 'Rec 18', 'opaque'],
    ]);
    expect(r.records[0]!.responses).toEqual({ a: 4, b: 2 });
    expect(r.files).toEqual([{ file: 'redcap-long.csv', format: 'csv', records: 3, codes: 0, otherIds: 3 }]);
  });

  it('keeps a file of codes as it was: a typo stays an error, never a new person', () => {
    const r = run([{ name: 'codes.csv', text: csv(['MA-07-SA-2', 'LU-12-RO-0', 'MA-07-SA', 'K016']) }]);
    expect(r.records.map((x) => [x.participant, x.participantKind])).toEqual([
      ['MA-07-SA-2', 'code'],
      ['LU-12-RO-0', 'code'],
    ]);
    const errors = r.problems.filter((p) => p.severity === 'error');
    // Four rows (two ids × two items): listed once, with the count and the lines.
    expect(errors).toEqual([expect.objectContaining({ line: 6, count: 4 })]);
    expect(errors[0]!.message).toMatch(
      /^4 rows: the participant code is not a valid code .*First at line 6: participant code "MA-07-SA" .*; then lines 7, 8, 9$/,
    );
    expect(r.counts).toMatchObject({ csvRowsRejected: 4, imported: 2 });
    expect(r.files[0]).toMatchObject({ codes: 2, otherIds: 0 });
  });

  it('reads a code in a file of other ids as an id, with a warning, and never matches it with the code', () => {
    const r = run([
      { name: 'other.csv', text: csv(['K016', 'K017', 'MA-07-SA-2'], 'post') },
      jsonFile(
        'learner.json',
        makeRecord(tiny, { participant: 'MA-07-SA-2', module: null as unknown as string, responses: { a: 4, b: 2, c: 5, d: 1, e: 4, f: 3, g: 3 } }),
      ),
    ]);
    const warning = r.problems.find((p) => /looks like a participant code/.test(p.message))!;
    expect(warning).toMatchObject({ file: 'other.csv', line: 6, severity: 'warning' });
    const opaque = r.records.find((x) => x.file === 'other.csv' && x.participant === 'MA-07-SA-2')!;
    expect(opaque.participantKind).toBe('opaque');
    const m = matchPrePost(r.records.map((x) => ({ ...x, module: null })));
    expect(m.pairs).toHaveLength(0);
    expect(r.files.map((f) => [f.file, f.codes, f.otherIds])).toEqual([
      ['other.csv', 0, 3],
      ['learner.json', 1, 0],
    ]);
  });

  it('matches pre and post of the same opaque id across files, exactly', () => {
    const r = run([
      { name: 'pre.csv', text: csv(['K016', 'K017']) },
      { name: 'post.csv', text: csv(['K016', 'k017'], 'post') },
    ]);
    const m = matchPrePost(r.records);
    expect(m.pairs.map((p) => p.pre.participant)).toEqual(['K016']);
    expect(m.flow).toMatchObject({ matched: 1, preOnly: 1, postOnly: 1 });
  });

  it('refuses markup, formulas and e-mail addresses as ids, never showing an e-mail address', () => {
    const r = run([
      {
        name: 'ids.csv',
        text: `${header}\nK016,pre,a,4\n<b>x</b>,pre,a,4\n"=HYPERLINK(""http://evil.example"")",pre,a,4\njane.doe@example.org,pre,a,4\nK018,pre,a,3\n`,
      },
    ]);
    expect(r.records.map((x) => x.participant)).toEqual(['K016', 'K018']);
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message])).toEqual([
      [3, 'participant id "<b>x</b>" holds characters no system id holds (ids are letters and digits, with spaces and . _ - : # / + inside); row not used'],
      [4, expect.stringMatching(/^participant id \(not shown: it may be a name\) holds characters no system id holds/)],
      [
        5,
        'the participant id looks like an e-mail address, which is never copied into a report or export: use another id (a record id, an employee number); row not used',
      ],
    ]);
    expect(JSON.stringify(r)).not.toContain('example.org');
  });

  it('rejects an opaque id holding control characters or too long, naming the line', () => {
    const r = run([{ name: 'bad-ids.csv', text: `${header}\nK016,pre,a,4\n"K\u001b[2J",pre,a,4\n${'x'.repeat(150)},pre,a,4\nK018,pre,a,3\n` }]);
    expect(r.records.map((x) => x.participant)).toEqual(['K016', 'K018']);
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message])).toEqual([
      [3, expect.stringMatching(/^participant id "K\\u001b\[2J" holds control or text-direction characters; row not used$/)],
      [4, 'participant id (not shown: it may be a name) is longer than 100 characters; row not used'],
    ]);
  });

  it('decides the kind from the first 1 MB of a large file, before any row is read', () => {
    // 40,000 rows of opaque ids (over 1 MB), then a code: still an id of this file's kind, with a warning.
    const ids = Array.from({ length: 20_000 }, (_, i) => `ID${i}`);
    const r = run([{ name: 'big.csv', text: `${csv(ids)}MA-07-SA-2,pre,a,4\n` }]);
    expect(r.counts).toMatchObject({ imported: 20_001, errors: 0 });
    expect(r.records.at(-1)).toMatchObject({ participant: 'MA-07-SA-2', participantKind: 'opaque' });
  }, 60_000);
});

describe('long CSV with a participant_kind column (as the evaluator exports it)', () => {
  const kinds = `${header},participant_kind`;
  /** Rows of `id` answering items a and b at `timepoint`, with this participant_kind. */
  const rows = (id: string, kind: string, timepoint = 'pre') => `${id},${timepoint},a,4,${kind}\n${id},${timepoint},b,2,${kind}\n`;

  it('reads each row as its participant_kind says: a code as a code, an id as an id, whatever the rest of the file holds', () => {
    const text = `${kinds}\n${rows('MA-07-SA-2', 'code')}${rows('LU-12-RO-0', 'code')}${rows('K016', 'id')}${rows(' ma 07 sa 9 ', 'ID')}${rows('AB-01-CD-3', ' Code ')}`;
    const r = run([{ name: 'responses_long.csv', text }]);
    expect(r.problems.filter((p) => p.severity === 'error' || /looks like a participant code/.test(p.message))).toEqual([]);
    expect(r.records.map((x) => [x.participant, x.participantKind, x.line])).toEqual([
      ['MA-07-SA-2', 'code', 2],
      ['LU-12-RO-0', 'code', 4],
      ['K016', 'opaque', 6],
      ['ma 07 sa 9', 'opaque', 8],
      ['AB-01-CD-3', 'code', 10],
    ]);
    expect(r.files[0]).toMatchObject({ codes: 3, otherIds: 2 });
  });

  it('keeps a code and an id that read the same apart: two records, never matched with each other', () => {
    const text = `${kinds}\n${rows('MA-07-SA-2', 'code')}${rows('MA-07-SA-2', 'id', 'post')}${rows('MA-07-SA-2', 'code', 'post')}`;
    const r = run([{ name: 'responses_long.csv', text }]);
    expect(r.records.map((x) => [x.participantKind, x.timepoint, x.line])).toEqual([
      ['code', 'pre', 2],
      ['opaque', 'post', 4],
      ['code', 'post', 6],
    ]);
    const m = matchPrePost(r.records);
    expect(m.pairs.map((p) => [p.pre.line, p.post.line])).toEqual([[2, 6]]);
  });

  it('decides the kind of rows without one per file, as without the column', () => {
    const text = `${kinds}\n${rows('K016', '')}${rows('K017', '')}${rows('MA-07-SA-2', 'code')}${rows('LU-12-RO-0', 'code')}${rows('AB-01-CD-3', 'code')}`;
    const r = run([{ name: 'responses_long.csv', text }]);
    // The three codes say their kind: the two rows without one are a file of ids on their own.
    expect(r.records.map((x) => [x.participant, x.participantKind])).toEqual([
      ['K016', 'opaque'],
      ['K017', 'opaque'],
      ['MA-07-SA-2', 'code'],
      ['LU-12-RO-0', 'code'],
      ['AB-01-CD-3', 'code'],
    ]);
  });

  it('reports a row whose participant_kind is neither code nor id, or whose participant is not of that kind, on its line', () => {
    const text = `${kinds}\nK016,pre,a,4,opaque\nK016,pre,b,2,id\nK017,pre,a,4,code\nMA-07-SA,pre,a,4,code\njane.doe@example.org,pre,a,4,id\n<b>x</b>,pre,a,4,id\n`;
    const r = run([{ name: 'responses_long.csv', text }]);
    expect(r.records.map((x) => [x.participant, x.participantKind, x.responses])).toEqual([['K016', 'opaque', { b: 2 }]]);
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message])).toEqual([
      [2, 'participant_kind "opaque" is neither "code" nor "id"; row not used'],
      [4, 'participant code "K017" is not a valid code (expected four parts such as MA-07-SA-2); row not used'],
      [5, 'participant code "MA-07-SA" is not a valid code (expected four parts such as MA-07-SA-2); row not used'],
      [6, expect.stringMatching(/^the participant id looks like an e-mail address/)],
      [7, expect.stringMatching(/^participant id "<b>x<\/b>" holds characters no system id holds/)],
    ]);
    expect(JSON.stringify(r)).not.toContain('example.org');
  });
});

describe('ids and codes in messages', () => {
  it('never shows a text holding an e-mail address, however it is wrapped', () => {
    for (const text of ['jane.doe@example.org', 'Jane Doe <jane.doe@example.org>', 'mailto: jane.doe@example.org', '"jane@example.org"']) {
      expect(quotedId(text)).toBe('(an e-mail address, not shown)');
      expect(quotedBadCode(text)).toBe('(an e-mail address, not shown)');
    }
  });

  it('shows a mistyped code, not what may be a name', () => {
    expect(quotedBadCode('MA-07-SA')).toBe('"MA-07-SA"');
    expect(quotedBadCode('K016')).toBe('"K016"');
    expect(quotedBadCode('\u001b]0;pw\u0007')).toBe('"\\u001b]0;pw\\u0007"');
    for (const text of ['Jane Doe', 'Doe, Jane', 'José', 'Li Wei', 'Smith, Jane', 'MA-07-SA-2 but longer than a code is'])
      expect(quotedBadCode(text)).toBe('(not shown: it may be a name)');
  });
});
