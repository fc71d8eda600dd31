// What the LMS wrapper knows about the course, fixed at build time and embedded in the launch page as
// JSON: per module, the questionnaire items in the order asked, the background questions, the lessons,
// the knowledge checks and questions, and the LMS origins it may talk to. The LMS reporter takes item
// wording and scale labels from here. Pure: no DOM, no Astro.

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
  /**
   * Scored knowledge questions (asked with the questionnaires): id, wording, options and the index of
   * the correct one, in the bank's order (records store the chosen option's index in this order).
   */
  knowledge: { id: string; text: string; options: string[]; correct: number }[];
}

export interface LmsConfig {
  version: typeof CONFIG_VERSION;
  appVersion: string;
  /**
   * Origins (scheme://host[:port]) the wrapper may send to besides a package's own origin: a cmi5
   * endpoint or a returnURL anywhere else is refused. Fixed at build time (LMS_ALLOWED_ORIGINS) or by
   * `npm run package -- --allow-origin`.
   */
  allowedOrigins: string[];
  /**
   * True inside an LMS package (set by the packager): the package's own origin is then allowed too. On
   * the public site it is false, so the wrapper there talks to no LMS but the allowed origins.
   */
  packaged: boolean;
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

/** The origins the wrapper may talk to: the allowed list, plus its own origin inside a package. */
export function allowedOrigins(config: Pick<LmsConfig, 'allowedOrigins' | 'packaged'>, ownOrigin: string): string[] {
  return config.packaged ? [ownOrigin, ...config.allowedOrigins] : [...config.allowedOrigins];
}

/** True when `url` (absolute, or relative to `base`) is http(s) on one of `origins`. */
export function urlAllowed(url: string, origins: readonly string[], base?: string): boolean {
  try {
    const u = new URL(url, base);
    return /^https?:$/.test(u.protocol) && origins.includes(u.origin);
  } catch {
    return false;
  }
}

/**
 * Why a cmi5 launch may not go ahead, or null: its `endpoint` (the LRS) and `fetch` (the token) URLs
 * must both be on an allowed origin, else the learner's answers would go to whoever made the link.
 */
export function cmi5LaunchProblem(search: string, origins: readonly string[]): string | null {
  const q = new URLSearchParams(search);
  for (const name of ['endpoint', 'fetch'] as const) {
    // Every copy of the parameter is checked, not only the first: a cmi5 library may read another one.
    const values = q.getAll(name);
    if (values.length > 1) return `the launch link gives ${name} ${values.length} times (an LMS gives it once)`;
    const value = values[0];
    if (!value) return `the launch link has no ${name}`;
    if (!urlAllowed(value, origins)) {
      let host = value.slice(0, 80);
      try {
        host = new URL(value).origin;
      } catch {
        /* shown as given */
      }
      return origins.length
        ? `the launch link's ${name} (${host}) is not one of the LMS addresses this package was made for (${origins.join(', ')})`
        : `this copy of the module is not set up to talk to any LMS (its ${name} would be ${host})`;
    }
  }
  return null;
}
