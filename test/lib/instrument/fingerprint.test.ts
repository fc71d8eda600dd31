import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { instrumentSchema } from '../../../src/lib/instrument/schema.ts';
import { SHIPPED_INSTRUMENT_FILE, shippedInstrument, tinyInstrument } from '../../fixtures/instruments.ts';

describe('instrument fingerprint', () => {
  it('is a 64-character SHA-256 hex string, stable across calls', () => {
    const a = instrumentFingerprint(tinyInstrument());
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(instrumentFingerprint(tinyInstrument())).toBe(a);
  });

  it('is SHA-256 (Node’s own) of the documented content in canonical JSON, worked out here independently', () => {
    // docs/formats.md: id, version, response points (value, label[, kind]), items (id, text, scale,
    // reverse, target), scales (id, items, scoring); keys sorted, no spaces.
    const sorted = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(sorted).join(',')}]`
        : v !== null && typeof v === 'object'
          ? `{${Object.keys(v)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${sorted((v as Record<string, unknown>)[k])}`)
              .join(',')}}`
          : JSON.stringify(v);
    for (const inst of [tinyInstrument(), shippedInstrument()]) {
      const content = {
        id: inst.id,
        version: inst.version,
        responseScales: inst.responseScales.map((r) => ({ id: r.id, points: r.points.map((p) => [p.value, p.label, ...(p.missing ? [p.missing] : [])]) })),
        items: inst.items.map((i) => ({ id: i.id, text: i.text, responseScale: i.responseScale, reverse: i.reverse, target: i.target })),
        scales: inst.scales.map((c) => ({ id: c.id, items: c.items, scoring: { method: c.scoring.method, minAnsweredShare: c.scoring.minAnsweredShare } })),
      };
      expect(instrumentFingerprint(inst)).toBe(createHash('sha256').update(sorted(content), 'utf8').digest('hex'));
    }
  });

  it('does not depend on key order or formatting in the file', () => {
    const raw = parse(readFileSync(SHIPPED_INSTRUMENT_FILE, 'utf8')) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(raw).reverse());
    const reparsed = instrumentSchema.parse(parse(stringify(reordered, { indent: 4 })));
    expect(instrumentFingerprint(reparsed)).toBe(instrumentFingerprint(shippedInstrument()));
  });

  it('changes when wording, a reverse key, a response label or scale membership changes', () => {
    const base = instrumentFingerprint(tinyInstrument());
    const t = tinyInstrument();
    const variants = [
      { ...t, items: t.items.map((i, n) => (n === 0 ? { ...i, text: i.text + '!' } : i)) },
      { ...t, items: t.items.map((i, n) => (n === 0 ? { ...i, reverse: true } : i)) },
      { ...t, responseScales: [{ ...t.responseScales[0]!, points: t.responseScales[0]!.points.map((p, n) => (n === 0 ? { ...p, label: 'Never' } : p)) }] },
      { ...t, scales: t.scales.map((s, n) => (n === 0 ? { ...s, items: s.items.slice(1) } : s)) },
      { ...t, version: '1.0.1' },
    ];
    for (const v of variants) expect(instrumentFingerprint(v)).not.toBe(base);
  });

  it('ignores titles and provenance notes', () => {
    const t = tinyInstrument();
    const cosmetic = { ...t, title: 'Other title', items: t.items.map((i) => ({ ...i, provenance: { ...i.provenance, note: 'changed' } })) };
    expect(instrumentFingerprint(cosmetic)).toBe(instrumentFingerprint(t));
  });
});
