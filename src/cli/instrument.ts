// `npm run instrument -- --format redcap [--instrument FILE] [--out FILE]`: the questionnaire in another
// system's format. Today: a REDCap data dictionary (src/lib/export/redcap-dictionary.ts), written to
// standard output or to --out. Without --instrument, the newest version of the questionnaire in
// content/instruments/ (when it holds one).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseInstrument } from '../lib/instrument/load.ts';
import { redcapDictionaryCsv } from '../lib/export/redcap-dictionary.ts';
import { defaultInstrument } from '../lib/instrument/versions.ts';
import { userPath } from './invocation.ts';

const USAGE = 'Usage: npm run instrument -- --format redcap [--instrument FILE] [--out FILE]';

/**
 * The file of the newest version of the one questionnaire in a folder (versions compared as numbers: 1.10.0
 * after 1.9.0), as the import reads exports that name none (defaultInstrument). A folder of several
 * questionnaires is an error asking for --instrument.
 */
export function newestInstrument(dir = resolve(import.meta.dirname, '../../content/instruments')): string {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f));
  if (!files.length) throw new Error(`no instrument files in ${dir}`);
  const found = files.map((file) => {
    const { id, version } = parseInstrument(readFileSync(file, 'utf8'), basename(file));
    return { file, id, version };
  });
  const newest = defaultInstrument(found);
  if (!newest) {
    throw new Error(`${dir} holds more than one questionnaire (${[...new Set(found.map((f) => f.id))].join(', ')}): choose one with --instrument FILE`);
  }
  return newest.file;
}

export function main(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t)): number {
  let values: { format?: string; instrument?: string; out?: string; help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: { format: { type: 'string' }, instrument: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
    }).values;
  } catch (error) {
    console.error(`instrument: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out(`${USAGE}\n`);
    return 0;
  }
  if (values.format !== 'redcap') {
    console.error(`instrument: --format must be redcap${values.format ? ` (got "${values.format}")` : ''}\n${USAGE}`);
    return 2;
  }
  try {
    const file = values.instrument !== undefined ? userPath('instrument', values.instrument) : newestInstrument();
    const csv = redcapDictionaryCsv(parseInstrument(readFileSync(file, 'utf8'), basename(file)));
    if (values.out) {
      writeFileSync(userPath('instrument', values.out), csv);
      console.error(`REDCap data dictionary for ${basename(file)} written to ${values.out}`);
    } else out(csv);
    return 0;
  } catch (error) {
    console.error(`instrument: ${(error as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
