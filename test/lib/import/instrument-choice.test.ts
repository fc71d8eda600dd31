// The questionnaire an import is analysed with when none is given (src/lib/import/instrument-choice.ts):
// the rule the CLI and /evaluate/ share.
import { describe, expect, it } from 'vitest';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { importFiles } from '../../../src/lib/import/import.ts';
import { chooseInstrument, guessInstrument, importWithChosen, isChosen, settleInstrument } from '../../../src/lib/import/instrument-choice.ts';
import { makeRecord } from '../../fixtures/evaluator/records.ts';
import { tinyInstrument } from '../../fixtures/instruments.ts';

const v1 = tinyInstrument();
const v2 = tinyInstrument({ version: '1.10.0' });
const v19 = tinyInstrument({ version: '1.9.0' });
const other = tinyInstrument({ id: 'other' });
const ref = (id: string, version: string, records: number) => ({ id, version, hash: null, records });

describe('choosing the questionnaire', () => {
  it('files that name none are read as the newest version of the one questionnaire shipped', () => {
    expect(chooseInstrument([], [v1, v2, v19])).toEqual({ instrument: v2, named: [], fallback: true });
    // Two questionnaires shipped: none to fall back on (the page used to take the first, silently).
    expect(chooseInstrument([], [v1, other])).toEqual({ reason: 'none named', named: [] });
  });

  it('the questionnaire most records name, whose versions add up over content hashes', () => {
    const refs = [ref('tiny', '1.0.0', 3), ref('tiny', '1.10.0', 2), { ...ref('tiny', '1.10.0', 2), hash: 'a'.repeat(64) }];
    const chosen = chooseInstrument(refs, [v1, v2]);
    expect(isChosen(chosen) && chosen.instrument).toBe(v2);
    expect(isChosen(chosen) && chosen.named.map((n) => [n.version, n.records])).toEqual([
      ['1.10.0', 4],
      ['1.0.0', 3],
    ]);
  });

  it('is none when the one most named is not shipped, or shipped twice; the guess then takes the most named shipped one', () => {
    const refs = [ref('tiny', '9.9.9', 5), ref('tiny', '1.0.0', 1)];
    expect(chooseInstrument(refs, [v1])).toMatchObject({ reason: 'not shipped', id: 'tiny', version: '9.9.9' });
    expect(guessInstrument(refs, [v1])?.instrument).toBe(v1);
    expect(guessInstrument([ref('tiny', '9.9.9', 5)], [v1])).toBeNull();
    expect(chooseInstrument([ref('tiny', '1.0.0', 1)], [v1, tinyInstrument()])).toMatchObject({ reason: 'shipped twice' });
  });

  it('settles on what the imported records name: rows of a long CSV are not records', () => {
    const records = [
      makeRecord(v1, { participant: 'MA-07-SA-2' }),
      makeRecord(v2, { participant: 'LU-12-RO-0' }),
      makeRecord(v2, { participant: 'AB-01-CD-3' }),
    ];
    const files = [{ name: 'r.json', text: JSON.stringify(records) }];
    // Guessed from rows (say a long CSV's): v1; the records say v2.
    const guess = guessInstrument([ref('tiny', '1.0.0', 60), ref('tiny', '1.10.0', 2)], [v1, v2])!;
    expect(guess.instrument).toBe(v1);
    const settled = settleInstrument(importFiles(files, v1, instrumentFingerprint(v1)), guess, [v1, v2]);
    expect(isChosen(settled) && settled.instrument).toBe(v2);
    // An import that found only the guessed questionnaire's records keeps the guess.
    const one = [{ name: 'one.json', text: JSON.stringify([records[0]]) }];
    expect(settleInstrument(importFiles(one, v1, instrumentFingerprint(v1)), guess, [v1, v2])).toBe(guess);
  });

  it('imports with the guess, and again with the questionnaire the records name most; final only when no other import can follow', () => {
    const records = [
      makeRecord(v1, { participant: 'MA-07-SA-2' }),
      makeRecord(v2, { participant: 'LU-12-RO-0' }),
      makeRecord(v2, { participant: 'AB-01-CD-3' }),
    ];
    const files = [{ name: 'r.json', text: JSON.stringify(records) }];
    const calls: [string, boolean][] = [];
    const importWith = (instrument: typeof v1, final: boolean) => {
      calls.push([instrument.version, final]);
      return importFiles(files, instrument, instrumentFingerprint(instrument));
    };
    const done = importWithChosen([v1, v2], [ref('tiny', '1.0.0', 60), ref('tiny', '1.10.0', 2)], importWith);
    expect(!('reason' in done) && [done.chosen.instrument.version, done.imported.counts.imported]).toEqual(['1.10.0', 2]);
    expect(calls).toEqual([
      ['1.0.0', false],
      ['1.10.0', true],
    ]);
    // One questionnaire named in files read whole: the first import is the last.
    calls.length = 0;
    importWithChosen([v1, v2], [ref('tiny', '1.0.0', 1)], importWith);
    expect(calls[0]).toEqual(['1.0.0', true]);
    // The start of the files names none shipped: the whole files are listed, and the guess taken from them
    // (the records, which name 1.10.0 most, then settle it).
    calls.length = 0;
    const whole = importWithChosen([v1, v2], [ref('tiny', '9.9.9', 5)], importWith, () => [ref('tiny', '1.0.0', 1)]);
    expect(!('reason' in whole) && whole.chosen.instrument).toBe(v2);
    expect(calls).toEqual([
      ['1.0.0', false],
      ['1.10.0', true],
    ]);
    expect(importWithChosen([v1], [ref('tiny', '9.9.9', 5)], importWith)).toMatchObject({ reason: 'not shipped' });
  });
});
