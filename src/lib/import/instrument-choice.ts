// Which questionnaire an import is analysed with when none is given: the one rule the CLI and /evaluate/
// share. The questionnaire most records name decides; it must be one the caller ships (content/instruments/
// for the CLI, the site's build for the page). Files that name none (REDCap and Qualtrics exports, a long
// CSV without an instrument column) are read as the newest version of the one questionnaire shipped.
//
// The files are imported once with a first guess (guessInstrument: from listInstruments, which counts a long
// CSV's rows, not its records) and, when the records of that import name another questionnaire most,
// once more with it (settleInstrument).
import type { Instrument } from '../instrument/schema.ts';
import { defaultInstrument } from '../instrument/versions.ts';
import { byVersion, importedInstruments, type InstrumentReference } from './import.ts';
import type { ImportResult } from './import-types.ts';

/** The questionnaires named, one entry per id and version, most records first. */
export type NamedInstruments = ReturnType<typeof byVersion>;

/** The questionnaire chosen, and what the choice rests on. */
export interface ChosenInstrument<T extends Instrument = Instrument> {
  instrument: T;
  /** The questionnaires the files name (empty when they name none). */
  named: NamedInstruments;
  /** True when the files name none and the newest shipped version is used. */
  fallback: boolean;
}

/** Why none could be chosen: the caller says how to give one (--instrument FILE, or the page's Options). */
export type NoInstrument =
  /** The files name none, and there is no single questionnaire shipped to read them as. */
  | { reason: 'none named'; named: NamedInstruments }
  /** The questionnaire most records name is not shipped. */
  | { reason: 'not shipped'; id: string; version: string; named: NamedInstruments }
  /** Two definitions shipped have that id and version. */
  | { reason: 'shipped twice'; id: string; version: string; named: NamedInstruments };

export const isChosen = <T extends Instrument>(c: ChosenInstrument<T> | NoInstrument): c is ChosenInstrument<T> => !('reason' in c);

/** The questionnaire the references name most (records, or a long CSV's rows), among those shipped. */
export function chooseInstrument<T extends Instrument>(refs: readonly InstrumentReference[], shipped: readonly T[]): ChosenInstrument<T> | NoInstrument {
  const named = byVersion(refs);
  const top = named[0];
  if (!top) {
    const newest = defaultInstrument(shipped);
    return newest ? { instrument: newest, named, fallback: true } : { reason: 'none named', named };
  }
  const matches = shipped.filter((i) => i.id === top.id && i.version === top.version);
  if (matches.length === 0) return { reason: 'not shipped', id: top.id, version: top.version, named };
  if (matches.length > 1) return { reason: 'shipped twice', id: top.id, version: top.version, named };
  return { instrument: matches[0]!, named, fallback: false };
}

/**
 * A first guess to import with: the choice, or, when the questionnaire most named is not shipped, the most
 * named one that is (the records decide after the import); null when none can be guessed.
 */
export function guessInstrument<T extends Instrument>(refs: readonly InstrumentReference[], shipped: readonly T[]): ChosenInstrument<T> | null {
  const chosen = chooseInstrument(refs, shipped);
  if (isChosen(chosen)) return chosen;
  if (chosen.reason !== 'not shipped') return null;
  const known = byVersion(refs).find((r) => shipped.some((i) => i.id === r.id && i.version === r.version));
  if (!known) return null;
  const again = chooseInstrument([{ ...known, hash: null }], shipped);
  return isChosen(again) ? again : null;
}

/**
 * The choice once the files are imported with `guess`: the import counts records (kept apart or not), and
 * when they name another questionnaire most, that one is chosen (the caller imports again with it).
 */
export function settleInstrument<T extends Instrument>(
  imported: ImportResult,
  guess: ChosenInstrument<T>,
  shipped: readonly T[],
): ChosenInstrument<T> | NoInstrument {
  const counted = importedInstruments(imported);
  return counted.length > 1 ? chooseInstrument(counted, shipped) : guess;
}

/**
 * The files imported with the questionnaire the rule chooses: once with the guess from `named`, and again
 * when the records name another one most. `allNamed` gives the whole files' questionnaires when `named`
 * came from their first part only (the CLI's long CSVs), for when that part names none shipped.
 * `importWith(instrument, final)`: `final` says no other import follows, so the caller may let go of each
 * file once it is imported. NoInstrument when none can be chosen (the caller says how to give one).
 */
export function importWithChosen<T extends Instrument>(
  shipped: readonly T[],
  named: readonly InstrumentReference[],
  importWith: (instrument: T, final: boolean) => ImportResult,
  allNamed?: () => readonly InstrumentReference[],
): { chosen: ChosenInstrument<T>; imported: ImportResult } | NoInstrument {
  let refs = named;
  let guess = guessInstrument(refs, shipped);
  if (!guess && allNamed) {
    refs = allNamed();
    guess = guessInstrument(refs, shipped);
  }
  // None to guess: chooseInstrument says why (not shipped, or none named and none to fall back on).
  const first = guess ?? chooseInstrument(refs, shipped);
  if (!isChosen(first)) return first;
  // Files that name one questionnaire (or none) at most, read whole: the import cannot find records of another.
  let imported = importWith(first.instrument, !allNamed && byVersion(refs).length <= 1);
  const chosen = settleInstrument(imported, first, shipped);
  if (!isChosen(chosen)) return chosen;
  if (chosen.instrument !== first.instrument) imported = importWith(chosen.instrument, true);
  return { chosen, imported };
}
