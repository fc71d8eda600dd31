import { canonicalJson } from '../util/canonical-json.ts';
import { sha256Hex } from '../util/sha256.ts';
import type { Instrument } from './schema.ts';

/**
 * The instrument's content hash: everything that changes what a response means (item wording,
 * response points and labels, reverse keys, scale membership and scoring rule), nothing that does not
 * (titles, provenance notes, order of keys in the file). A non-substantive point's kind is included only
 * where one is set, so instruments without such points keep the hash they always had.
 */
export function instrumentFingerprint(instrument: Instrument): string {
  const content = {
    id: instrument.id,
    version: instrument.version,
    responseScales: instrument.responseScales.map((s) => ({
      id: s.id,
      points: s.points.map((p) => (p.missing ? [p.value, p.label, p.missing] : [p.value, p.label])),
    })),
    items: instrument.items.map((i) => ({ id: i.id, text: i.text, responseScale: i.responseScale, reverse: i.reverse, target: i.target })),
    scales: instrument.scales.map((s) => ({ id: s.id, items: s.items, scoring: s.scoring })),
  };
  return sha256Hex(canonicalJson(content));
}
