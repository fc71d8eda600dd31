// Reading an instrument definition file (YAML or JSON) outside the Astro build: the CLI's --instrument
// and the tests. Errors name the file and the field, as the build's do.
import { parse } from 'yaml';
import { instrumentSchema, type Instrument } from './schema.ts';

/** A questionnaire definition is a few dozen kilobytes; a larger file is not one (the CLI's and the page's limit). */
export const MAX_INSTRUMENT_BYTES = 1024 * 1024;

export class InstrumentFileError extends Error {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `\n  - ${problems.join('\n  - ')}`}`);
    this.file = file;
    this.problems = problems;
  }
}

/** Formats a zod issue path as the field a person would look for: items[3].provenance.fidelity */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

export function parseInstrument(text: string, file: string, parseYaml: (text: string) => unknown = parse): Instrument {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new InstrumentFileError(file, [`not valid YAML/JSON: ${(error as Error).message}`]);
  }
  const result = instrumentSchema.safeParse(data);
  if (!result.success) {
    throw new InstrumentFileError(
      file,
      result.error.issues.map((i) => `${fieldPath(i.path) || '(top level)'}: ${i.message}`),
    );
  }
  return result.data;
}
