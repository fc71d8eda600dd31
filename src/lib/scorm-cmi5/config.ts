// What the LMS wrapper knows about the course, fixed at build time and embedded in the launch page as
// JSON: per module, the questionnaire items in the order asked, the background questions, the lessons and
// the knowledge checks. The suspend-data codec stores answers by position in these lists, and the LMS
// reporter takes item wording and scale labels from here. Pure: no DOM, no Astro.

export const CONFIG_VERSION = 1;

export interface LmsScalePoint {
  value: number;
  label: string;
}

export interface LmsInstrument {
  id: string;
  version: string;
  /** SHA-256 fingerprint of the instrument (the one in every result record). */
  hash: string;
  items: { id: string; text: string; scale: LmsScalePoint[] }[];
  demographics: { id: string; options: string[] }[];
}

export interface LmsModule {
  id: string;
  title: string;
  summary: string;
  instrument: string;
  /** Items the questionnaire asks, in the order asked (the record's `responses` keys). */
  itemIds: string[];
  /** Background questions asked with the first questionnaire. */
  demographicIds: string[];
  /** Lesson slugs in order. */
  lessons: string[];
  /** Knowledge checks in lesson order, with the index of the correct option. */
  checks: { id: string; correct: number }[];
}

export interface LmsConfig {
  version: typeof CONFIG_VERSION;
  appVersion: string;
  modules: LmsModule[];
  instruments: LmsInstrument[];
}

/** Everything about one module that the codec and the reporter need. */
export interface ModuleDictionary {
  module: LmsModule;
  instrument: LmsInstrument;
  appVersion: string;
}

export function dictionaryFor(config: LmsConfig, moduleId: string): ModuleDictionary | null {
  const module = config.modules.find((m) => m.id === moduleId);
  const instrument = module && config.instruments.find((i) => i.id === module.instrument);
  return module && instrument ? { module, instrument, appVersion: config.appVersion } : null;
}

/** A short fingerprint of the positional lists, so suspend data written against other lists is refused. */
export function dictionaryFingerprint(dict: ModuleDictionary): string {
  const { module, instrument } = dict;
  const text = JSON.stringify([
    instrument.hash,
    module.itemIds,
    instrument.demographics.filter((d) => module.demographicIds.includes(d.id)),
    module.demographicIds,
    module.lessons,
    module.checks.map((c) => c.id),
  ]);
  // FNV-1a, 32 bit: enough to tell two versions of a module apart; not a security measure.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
