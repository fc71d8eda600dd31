import { describe, expect, it } from 'vitest';
import { buildRoster, recordModules, rosterCsv } from '../../src/lib/roster.ts';
import { verificationCode } from '../../src/lib/records/sign.ts';
import type { ImportedRecord } from '../../src/lib/import/import-types.ts';

let seq = 0;
const rec = (participant: string, module: string, timepoint: ImportedRecord['timepoint'], extra: Partial<ImportedRecord> = {}): ImportedRecord => ({
  source: 'json',
  file: 'f.json',
  seq: seq++,
  attemptId: 'a',
  module,
  cohort: 'W7',
  participant,
  participantRaw: participant,
  participantKind: 'code',
  timepoint,
  instrument: { id: 'i', version: '1', hash: null },
  startedAt: null,
  completedAt: `2026-11-0${(seq % 9) + 1}T10:00:00.000Z`,
  responses: {},
  demographics: {},
  checksum: 'valid',
  appVersion: null,
  ...extra,
});

describe('roster', () => {
  it('counts a two-module assignment per module: before the first, after the last, and each module’s own knowledge steps', () => {
    const unit = { modules: ['a', 'b'] };
    const records = [
      rec('AA-01-BB-1', 'a+b', 'pre', { ...unit, knowledgeHashes: { a: 'h' } }),
      rec('AA-01-BB-1', 'a+b', 'post', { ...unit, knowledgeHashes: { a: 'h' } }),
      rec('AA-01-BB-1', 'a+b', 'pre', { ...unit, knowledgeHashes: { b: 'h' } }),
      rec('AA-01-BB-1', 'a+b', 'post', { ...unit, knowledgeHashes: { b: 'h' } }),
      rec('CC-02-DD-2', 'a+b', 'pre', unit),
      rec('CC-02-DD-2', 'a+b', 'followup', unit),
    ];
    const roster = buildRoster(records);
    expect(roster.modules).toEqual(['a', 'b']);
    expect(roster.rows.map((r) => [r.participant, r.modules.a!.status, r.modules.b!.status])).toEqual([
      ['AA-01-BB-1', 'completed', 'completed'],
      ['CC-02-DD-2', 'pre only', 'not started'],
    ]);
    expect(roster.outside).toBe(1);
    expect(recordModules(rec('x', 'a+b', 'post', unit))).toEqual(['b']);
    expect(recordModules(rec('x', 'a+b', 'post', {}))).toEqual(['b']);
    expect(recordModules(rec('x', 'c', 'post'))).toEqual(['c']);
  });

  it('shows only the modules and cohort asked for, counting the rest as outside', () => {
    const records = [rec('AA-01-BB-1', 'a', 'pre'), rec('AA-01-BB-1', 'c', 'pre'), rec('EE-03-FF-3', 'a', 'post', { cohort: 'other' })];
    const roster = buildRoster(records, { modules: ['a'], cohort: 'W7' });
    expect(roster.rows).toHaveLength(1);
    expect(roster.outside).toBe(2);
  });
});

describe('roster dates', () => {
  it('keeps an id from another system apart from a participant code written the same way', () => {
    const roster = buildRoster([rec('MA-07-SA-2', 'a', 'pre'), rec('MA-07-SA-2', 'a', 'post', { participantKind: 'opaque' })]);
    expect(roster.rows).toHaveLength(2);
    expect(roster.rows.map((r) => r.modules.a!.status).sort()).not.toContain('completed');
  });

  it("shows the certificate's verification code from the latest record after the lessons with an intact checksum", () => {
    const sig = (c: string) => c.repeat(64);
    const roster = buildRoster([
      rec('JJ-05-KK-5', 'a', 'pre', { signature: sig('1') }),
      rec('JJ-05-KK-5', 'a', 'post', { signature: sig('2'), completedAt: '2026-11-02T10:00:00.000Z' }),
      rec('JJ-05-KK-5', 'a', 'post', { signature: sig('3'), completedAt: '2026-11-03T10:00:00.000Z' }),
      rec('JJ-05-KK-5', 'a', 'post', { signature: sig('4'), completedAt: '2026-11-01T10:00:00.000Z' }),
      rec('LL-06-MM-6', 'a', 'pre'),
      rec('LL-06-MM-6', 'a', 'post', { checksum: 'mismatch' }),
    ]);
    // The code the certificate page shows for that record (the same function).
    expect(roster.rows[0]!.modules.a!.certificate).toBe(verificationCode([{ checksum: sig('3') }]));
    expect(roster.rows[0]!.modules.a!.certificate).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(roster.rows[1]!.modules.a!.certificate).toBeNull();
    expect(rosterCsv(roster).split('\r\n')[0]).toContain('a_certificate');
    expect(rosterCsv(roster)).toContain(verificationCode([{ checksum: sig('3') }]));
  });

  it('counts a step as done when its record has no date (long CSV rows)', () => {
    const undated = (tp: 'pre' | 'post') => ({ ...rec('GG-04-HH-4', 'a', tp), completedAt: null, startedAt: null });
    const roster = buildRoster([undated('pre'), undated('post')]);
    expect(roster.rows[0]!.modules.a).toMatchObject({ status: 'completed', preAt: null, postAt: null, records: 2 });
    expect(buildRoster([undated('pre')]).rows[0]!.modules.a!.status).toBe('pre only');
  });
});
