// The completion roster's work, off the page: reads the files, runs the evaluator's import and builds the
// roster (src/lib/roster.ts). Records that name no module (a long CSV without its optional module
// column) are counted for the assignment's module when the link names exactly one, else shown under
// their own column, never dropped. Loaded with `new Worker(new URL('./roster-worker.ts', import.meta.url))`.
import { importFiles, listInstruments } from '../lib/import/import.ts';
import { guessInstrument } from '../lib/import/instrument-choice.ts';
import type { ImportedRecord } from '../lib/import/import-types.ts';
import type { Instrument } from '../lib/instrument/schema.ts';
import { buildRoster } from '../lib/roster.ts';
import { readFiles } from './evaluate-messages.ts';
import { NO_MODULE, type RosterRequest, type RosterResponse } from './roster-messages.ts';

const send = (message: RosterResponse) => postMessage(message);

async function run(request: RosterRequest): Promise<void> {
  const instruments = JSON.parse(request.instruments) as { instrument: Instrument; hash: string }[];
  const total = request.files.length;
  const files = await readFiles(request.files, (done) => send({ type: 'progress', done, total }));
  // The roster counts the records of every questionnaire (those kept apart too): the choice (the rule the
  // evaluator follows, instrument-choice.ts) only says which one exports naming none are read as.
  const list = instruments.map((s) => s.instrument);
  const guess = guessInstrument(listInstruments(files), list);
  const shipped = guess ? instruments[list.indexOf(guess.instrument)]! : instruments[0]!;
  const imported = importFiles(files, shipped.instrument, shipped.hash);
  const all = [...imported.records, ...imported.otherInstruments.flatMap((g) => g.records)];
  const only = request.modules?.length === 1 ? request.modules[0]! : null;
  const noModule = all.filter((r) => !r.module).length;
  const records: ImportedRecord[] = all.map((r) => (r.module ? r : { ...r, module: only ?? NO_MODULE }));
  const modules = request.modules && noModule && !only ? [...request.modules, NO_MODULE] : (request.modules ?? undefined);
  const roster = buildRoster(records, { modules, cohort: request.cohort });
  const noCohort = request.cohort === null ? 0 : all.filter((r) => r.cohort === null).length;
  send({ type: 'done', roster, problems: imported.problems, files: files.length, noModule, noModuleAs: noModule ? (only ?? NO_MODULE) : null, noCohort });
}

self.onmessage = async (event: MessageEvent<RosterRequest>) => {
  try {
    await run(event.data);
  } catch (error) {
    send({ type: 'error', message: `The roster could not be made: ${(error as Error)?.message ?? String(error)}` });
  }
};
