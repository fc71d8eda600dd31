import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InstrumentFileError, parseInstrument } from '../../../src/lib/instrument/load.ts';
import { SHIPPED_INSTRUMENT_FILE } from '../../fixtures/instruments.ts';

const shipped = readFileSync(SHIPPED_INSTRUMENT_FILE, 'utf8');

function problemsOf(text: string): string[] {
  try {
    parseInstrument(text, 'custom.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(InstrumentFileError);
    expect((error as Error).message).toContain('custom.yaml');
    return (error as InstrumentFileError).problems;
  }
  throw new Error('expected the file to be rejected');
}

describe('reading an instrument definition file', () => {
  it('accepts the shipped instrument', () => {
    expect(parseInstrument(shipped, SHIPPED_INSTRUMENT_FILE).id).toBe('msg-attitudes');
  });

  it('names the field when fidelity is not one of verbatim/adapted/new', () => {
    const problems = problemsOf(shipped.replace(/fidelity: adapted/, 'fidelity: copied'));
    expect(problems.some((p) => /^items\[\d+\]\.provenance\.fidelity:/.test(p))).toBe(true);
  });

  it('names a scale item that does not exist', () => {
    const problems = problemsOf(shipped.replace('items: [att-12-helpful,', 'items: [no-such-item,'));
    expect(problems.join('\n')).toMatch(/scales\[\d+\]\.items\[\d+\]: unknown item "no-such-item"/);
  });

  it('rejects text that is not YAML at all', () => {
    expect(problemsOf('id: [unclosed')[0]).toMatch(/not valid YAML/);
  });

  it('requires "prefer-not-to-say" on demographic questions', () => {
    const problems = problemsOf(shipped.replaceAll('value: prefer-not-to-say', 'value: no-answer'));
    expect(problems.join('\n')).toMatch(/demographics\[0\]\.options: every demographic question needs a "prefer-not-to-say" option/);
  });

  it('refuses a key it does not know, such as the pieces of a label cut at its commas (a label in braces needs quotes)', () => {
    const cut = shipped.replace(
      'label: "Doctoral or medical degree (such as PhD, PsyD, MD or DO)"',
      'label: Doctoral or medical degree (such as PhD, PsyD, MD or DO)',
    );
    expect(cut).not.toBe(shipped);
    expect(problemsOf(cut).join('\n')).toMatch(/demographics\[\d+\]\.options\[\d+\].*PsyD/);
  });

  it('keeps every label of the shipped questionnaires whole', () => {
    const { demographics } = parseInstrument(shipped, SHIPPED_INSTRUMENT_FILE);
    const degree = demographics.find((d) => d.id === 'degree')!;
    expect(degree.options.map((o) => o.label)).toContain('Doctoral or medical degree (such as PhD, PsyD, MD or DO)');
    expect(degree.options.map((o) => o.label)).toContain('Certificate, diploma or associate degree');
  });
});
