import { describe, expect, it } from 'vitest';
import { buildParticipantCode, CODE_PROMPTS, elementDistance, normalizeParticipantCode, normalizeText } from '../../../src/lib/records/participant-code.ts';

describe('normalising answers', () => {
  it('removes case, spaces, punctuation and accents', () => {
    expect(normalizeText(' María-José ')).toBe('MARIAJOSE');
    expect(normalizeText('São Paulo')).toBe('SAOPAULO');
    expect(normalizeText('Łódź')).toBe('LODZ');
    expect(normalizeText('Øystein')).toBe('OYSTEIN');
    expect(normalizeText('Straße')).toBe('STRASSE');
    expect(normalizeText('ÅSA')).toBe('ASA');
  });
});

describe('building a code', () => {
  it('takes two letters of names, two digits of the day and one digit of siblings', () => {
    const result = buildParticipantCode({ parent: 'maría', day: '7', town: ' São Paulo', siblings: '2' });
    expect(result).toEqual({ ok: true, code: 'MA-07-SA-2', elements: ['MA', '07', 'SA', '2'] });
  });

  it('gives the same code for differently typed answers', () => {
    const a = buildParticipantCode({ parent: 'MA', day: '07', town: 'sa', siblings: '2' });
    const b = buildParticipantCode({ parent: ' Ma ', day: '7 ', town: 'São', siblings: ' 2' });
    expect(a).toEqual(b);
  });

  it('caps siblings at 9 and rejects impossible days', () => {
    expect(buildParticipantCode({ parent: 'ab', day: '31', town: 'cd', siblings: '12' })).toMatchObject({ code: 'AB-31-CD-9' });
    const bad = buildParticipantCode({ parent: 'ab', day: '32', town: 'cd', siblings: '0' });
    expect(bad).toEqual({ ok: false, errors: { day: 'Type a day from 1 to 31.' } });
  });

  it('reports every missing or too-short answer by prompt', () => {
    const result = buildParticipantCode({ parent: 'a', day: '', town: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(CODE_PROMPTS.map((p) => p.id).sort());
  });

  it('takes digits only, and says how to write a name from another alphabet', () => {
    for (const day of ['1.5', '-1', '7th', '=7'])
      expect(buildParticipantCode({ parent: 'ab', day, town: 'cd', siblings: '0' })).toEqual({ ok: false, errors: { day: 'Type digits only, such as 7.' } });
    expect(buildParticipantCode({ parent: 'ab', day: ' 07 ', town: 'cd', siblings: '1' })).toMatchObject({ code: 'AB-07-CD-1' });
    for (const name of ['Мария', '美玲', 'Ελένη']) {
      const result = buildParticipantCode({ parent: name, day: '7', town: 'cd', siblings: '0' });
      expect(result).toEqual({ ok: false, errors: { parent: expect.stringContaining('write it in Latin letters, as in a passport') } });
    }
    expect(buildParticipantCode({ parent: '', day: '7', town: 'cd', siblings: '0' })).toEqual({ ok: false, errors: { parent: 'Type at least 2 letters.' } });
    // One Latin letter is too short, not another alphabet.
    for (const parent of ['J', 'é', 'J.'])
      expect(buildParticipantCode({ parent, day: '7', town: 'cd', siblings: '0' })).toEqual({ ok: false, errors: { parent: 'Type at least 2 letters.' } });
  });

  it('never contains a whole name', () => {
    const result = buildParticipantCode({ parent: 'Alexandra', day: '1', town: 'Hartford', siblings: '0' });
    expect(result).toMatchObject({ code: 'AL-01-HA-0' });
  });
});

describe('normalising a code from a file', () => {
  it('accepts compact, spaced, lower-case and accented forms', () => {
    for (const input of ['MA-07-SA-2', 'MA07SA2', 'ma-07-sa-2', ' má 07 sá 2 ', 'MA_07_SA_2', 'MA-07-SA-2\n'])
      expect(normalizeParticipantCode(input)).toBe('MA-07-SA-2');
  });
  it('rejects codes of the wrong shape', () => {
    for (const input of ['', 'MA07SA', '0A07SA2', 'MA07SA22', 'MAXXSA2']) expect(normalizeParticipantCode(input)).toBeNull();
  });
  it('counts differing elements', () => {
    expect(elementDistance('MA-07-SA-2', 'MA-07-SA-2')).toBe(0);
    expect(elementDistance('MA-07-SA-2', 'MA-17-SA-2')).toBe(1);
    expect(elementDistance('MA-07-SA-2', 'MB-17-SA-3')).toBe(3);
  });
});
