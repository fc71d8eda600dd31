import { describe, expect, it } from 'vitest';
import { comparisonScore, itemsForScales, keyedValue, minimumAnswered, scoreAll, scoreScale } from '../../../src/lib/instrument/scoring.ts';
import { shippedInstrument, tinyInstrument } from '../../fixtures/instruments.ts';

const inst = tinyInstrument();
const five = inst.scales[0]!;
const two = inst.scales[1]!;

describe('reverse keying', () => {
  it('maps the lowest point to the highest on a 1–5 scale', () => {
    const b = inst.items[1]!;
    expect([1, 2, 3, 4, 5].map((v) => keyedValue(b, inst.responseScales[0]!, v))).toEqual([5, 4, 3, 2, 1]);
  });
  it('leaves forward items alone', () => {
    expect(keyedValue(inst.items[0]!, inst.responseScales[0]!, 2)).toBe(2);
  });
});

describe('the 80% rule', () => {
  it('needs ceil(80%) of items: 4 of 5, 2 of 2, 7 of 8, 6 of 7', () => {
    expect(minimumAnswered(five)).toBe(4);
    expect(minimumAnswered(two)).toBe(2);
    const shipped = shippedInstrument();
    for (const s of shipped.scales) expect(minimumAnswered(s)).toBe(Math.ceil(0.8 * s.items.length - 1e-9));
  });

  it('scores the mean of answered items after reverse keying when enough are answered', () => {
    // a=5, b=1 (→5), c=4, d=2 (→4), e unanswered → mean(5,5,4,4) = 4.5
    const result = scoreScale(inst, five, { a: 5, b: 1, c: 4, d: 2 });
    expect(result).toEqual({ scaleId: 'five', score: 4.5, answered: 4, required: 4, total: 5 });
  });

  it('is missing when fewer than the minimum are answered', () => {
    expect(scoreScale(inst, five, { a: 5, b: 1, c: 4 }).score).toBeNull();
    expect(scoreScale(inst, two, { f: 3 }).score).toBeNull();
  });

  it('is missing when nothing is answered, and ignores nulls and values off the scale', () => {
    expect(scoreScale(inst, five, {}).score).toBeNull();
    expect(scoreScale(inst, five, { a: null, b: null, c: null, d: null, e: null }).score).toBeNull();
    const withBad = scoreScale(inst, five, { a: 9, b: 1, c: 4, d: 2, e: 3 });
    expect(withBad.answered).toBe(4);
    expect(withBad.score).toBe((5 + 4 + 4 + 3) / 4);
  });

  it('uses every item when all are answered', () => {
    expect(scoreScale(inst, five, { a: 1, b: 1, c: 1, d: 1, e: 1 }).score).toBe((1 + 5 + 1 + 5 + 1) / 5);
  });
});

describe('comparisons and module items', () => {
  it('computes minuend minus subtrahend per person, missing if either is', () => {
    expect(comparisonScore(inst, 'five-vs-two', { a: 5, b: 1, c: 4, d: 2, f: 2, g: 3 })).toBe(4.5 - 2.5);
    expect(comparisonScore(inst, 'five-vs-two', { a: 5, b: 1, c: 4, d: 2, f: 2 })).toBeNull();
    expect(() => comparisonScore(inst, 'nope', {})).toThrow(/unknown comparison/);
  });

  it('lists each item of the chosen scales once, in instrument order', () => {
    expect(itemsForScales(inst, ['two', 'five']).map((i) => i.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(itemsForScales(inst, ['two']).map((i) => i.id)).toEqual(['f', 'g']);
    expect(scoreAll(inst, { f: 1, g: 2 }, ['two'])).toHaveLength(1);
  });
});

describe('the shipped instrument', () => {
  const shipped = shippedInstrument();
  it('asks the same stems for 12-step and psychiatric groups, with the same keys', () => {
    const twelve = shipped.scales.find((s) => s.id === 'attitude-twelve-step')!;
    const psych = shipped.scales.find((s) => s.id === 'attitude-psychiatric')!;
    expect(twelve.items.length).toBe(psych.items.length);
    twelve.items.forEach((id, i) => {
      const a = shipped.items.find((x) => x.id === id)!;
      const b = shipped.items.find((x) => x.id === psych.items[i])!;
      expect(a.target).toBe('twelve-step');
      expect(b.target).toBe('psychiatric');
      expect(a.reverse).toBe(b.reverse);
      expect(id.replace('-12-', '-')).toBe(psych.items[i]!.replace('-psy-', '-'));
    });
  });
  it('never claims an item is verbatim from Chinman et al. (2002)', () => {
    expect(shipped.items.filter((i) => i.provenance.source === 'chinman2002' && i.provenance.fidelity === 'verbatim')).toEqual([]);
  });
  it('labels every response point and offers "prefer not to say" on every demographic', () => {
    for (const s of shipped.responseScales) for (const p of s.points) expect(p.label.trim()).not.toBe('');
    for (const d of shipped.demographics) expect(d.options.map((o) => o.value)).toContain('prefer-not-to-say');
  });
  it('has reverse-keyed items in both attitude scales', () => {
    for (const id of ['attitude-twelve-step', 'attitude-psychiatric']) {
      const scale = shipped.scales.find((s) => s.id === id)!;
      expect(scale.items.filter((i) => shipped.items.find((x) => x.id === i)!.reverse).length).toBeGreaterThan(0);
    }
  });
});
