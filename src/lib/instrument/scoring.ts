import type { Instrument, Item, MissingKind, ResponseScale, Scale } from './schema.ts';

export type Responses = Readonly<Record<string, number | null | undefined>>;

export interface ScaleScore {
  scaleId: string;
  /** Prorated mean after reverse keying, or null when too few items were answered. */
  score: number | null;
  answered: number;
  required: number;
  total: number;
}

/** Minimum number of answered items for a scale score: the share rounded up to whole items. */
export function minimumAnswered(scale: Scale): number {
  // Round first so 0.8 * 5 = 4.000000000000001 does not become 5.
  return Math.ceil(Math.round(scale.scoring.minAnsweredShare * scale.items.length * 1e9) / 1e9);
}

/** The points that carry a score (not "Not familiar", "No opportunity"). */
export const substantivePoints = (scale: ResponseScale) => scale.points.filter((p) => !p.missing);

/** Reverse keying maps the lowest substantive point to the highest: min + max − value. */
export function keyedValue(item: Item, responseScale: ResponseScale, value: number): number {
  if (!item.reverse) return value;
  const values = substantivePoints(responseScale).map((p) => p.value);
  return Math.min(...values) + Math.max(...values) - value;
}

export interface KeyedTable {
  readonly lowest: number;
  /** Keyed value per point; NaN where `value` is no point or a non-substantive one. */
  readonly keyed: Float64Array;
  /** 1 where `value` is a response point of the item, substantive or not. */
  readonly valid: Uint8Array;
}

export class InstrumentLookup {
  readonly items: ReadonlyMap<string, Item>;
  readonly responseScales: ReadonlyMap<string, ResponseScale>;
  readonly scales: ReadonlyMap<string, Scale>;

  readonly instrument: Instrument;
  private readonly keyedTables = new Map<string, KeyedTable>();

  constructor(instrument: Instrument) {
    this.instrument = instrument;
    this.items = new Map(instrument.items.map((i) => [i.id, i]));
    this.responseScales = new Map(instrument.responseScales.map((s) => [s.id, s]));
    this.scales = new Map(instrument.scales.map((s) => [s.id, s]));
  }

  responseScaleOf(item: Item): ResponseScale {
    const scale = this.responseScales.get(item.responseScale);
    if (!scale) throw new Error(`item "${item.id}" names unknown response scale "${item.responseScale}"`);
    return scale;
  }

  /** True when `value` is one of the item's response points (a non-substantive one included). */
  isValidValue(itemId: string, value: number): boolean {
    const t = this.keyedTable(itemId);
    return t !== undefined && t.valid[value - t.lowest] === 1;
  }

  /** The kind of non-substantive answer `value` is for this item ("not-familiar", …), or null. */
  missingKind(itemId: string, value: number | null | undefined): MissingKind | null {
    const item = this.items.get(itemId);
    if (!item || typeof value !== 'number') return null;
    return this.responseScaleOf(item).points.find((p) => p.value === value)?.missing ?? null;
  }

  /** The answer after reverse keying, or null when unanswered or not a response point. */
  keyed(itemId: string, responses: Responses): number | null {
    const value = responses[itemId];
    if (typeof value !== 'number') return null;
    const t = this.keyedTable(itemId);
    const k = t?.keyed[value - t.lowest] ?? NaN;
    return Number.isNaN(k) ? null : k;
  }

  /**
   * One item's keyed values, from keyedValue() once per response point: `keyed[value − lowest]` (NaN
   * where `value` is not a point or a non-substantive one; undefined outside the scale or for a fraction). Undefined for an unknown
   * item. Scoring and the report's alpha look answers up here, hundreds of thousands of times per import.
   */
  keyedTable(itemId: string): KeyedTable | undefined {
    let table = this.keyedTables.get(itemId);
    if (table === undefined) {
      const item = this.items.get(itemId);
      if (!item) return undefined;
      const scale = this.responseScaleOf(item);
      const values = scale.points.map((p) => p.value);
      const lowest = Math.min(...values);
      const keyed = new Float64Array(Math.max(...values) - lowest + 1).fill(NaN);
      const valid = new Uint8Array(keyed.length);
      for (const p of scale.points) {
        valid[p.value - lowest] = 1;
        if (!p.missing) keyed[p.value - lowest] = keyedValue(item, scale, p.value);
      }
      table = { lowest, keyed, valid };
      this.keyedTables.set(itemId, table);
    }
    return table;
  }
}

const lookups = new WeakMap<Instrument, InstrumentLookup>();
export function lookupFor(instrument: Instrument): InstrumentLookup {
  let lookup = lookups.get(instrument);
  if (!lookup) lookups.set(instrument, (lookup = new InstrumentLookup(instrument)));
  return lookup;
}

/**
 * Scale score by the instrument's rule: mean of answered items after reverse keying, if enough answered.
 * A non-substantive answer ("Not familiar enough to say") counts as not answered.
 */
export function scoreScale(instrument: Instrument, scale: Scale, responses: Responses): ScaleScore {
  const lookup = lookupFor(instrument);
  let sum = 0;
  let answered = 0;
  for (const itemId of scale.items) {
    const v = lookup.keyed(itemId, responses);
    if (v !== null) {
      sum += v;
      answered += 1;
    }
  }
  const required = minimumAnswered(scale);
  return {
    scaleId: scale.id,
    score: answered >= required && answered > 0 ? sum / answered : null,
    answered,
    required,
    total: scale.items.length,
  };
}

export function scoreAll(instrument: Instrument, responses: Responses, scaleIds?: readonly string[]): ScaleScore[] {
  const scales = scaleIds ? instrument.scales.filter((s) => scaleIds.includes(s.id)) : instrument.scales;
  return scales.map((scale) => scoreScale(instrument, scale, responses));
}

/** Per-person comparison score (e.g. 12-step minus psychiatric attitude), null if either is missing. */
export function comparisonScore(instrument: Instrument, comparisonId: string, responses: Responses): number | null {
  const comparison = instrument.comparisons.find((c) => c.id === comparisonId);
  if (!comparison) throw new Error(`unknown comparison "${comparisonId}"`);
  const scale = (id: string) => {
    const s = lookupFor(instrument).scales.get(id);
    if (!s) throw new Error(`comparison "${comparisonId}" names unknown scale "${id}"`);
    return scoreScale(instrument, s, responses).score;
  };
  const a = scale(comparison.minuend);
  const b = scale(comparison.subtrahend);
  return a === null || b === null ? null : a - b;
}

/** Items a module asks: every item of the module's scales, in instrument order, each once. */
export function itemsForScales(instrument: Instrument, scaleIds: readonly string[]): Item[] {
  const wanted = new Set(instrument.scales.filter((s) => scaleIds.includes(s.id)).flatMap((s) => s.items));
  return instrument.items.filter((i) => wanted.has(i.id));
}
