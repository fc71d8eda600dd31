// The evaluator's work, off the page: reads the files, imports, matches and analyses them, scores the
// knowledge questions, and renders the report and charts as (escaped) HTML text for the page to show.
// Keeps the data set for the downloads. The page stays responsive, shows progress, and cancels by ending
// this worker. Loaded with `new Worker(new URL('./evaluate-worker.ts', import.meta.url))`, so the
// analysis is not part of the page's own scripts.
import { zipSync, strToU8 } from 'fflate';
import { analyzeDataset } from '../lib/analysis/report.ts';
import { buildDataset, type Dataset } from '../lib/analysis/dataset.ts';
import type { KnowledgeBankModule, Report } from '../lib/analysis/report-types.ts';
import { exportAllFiles, reportHtmlText, reportJsonText } from '../lib/analysis/export-all.ts';
import { renderReportBody } from '../lib/analysis/export-html.ts';
import { chartFigure, itemDistributions, itemDivergingCharts, scaleChangeChart } from '../lib/analysis/charts.ts';
import { importFiles, listInstruments, parseRedcapEvents, parseTimepoints } from '../lib/import/import.ts';
import type { ImportFile, ImportResult } from '../lib/import/import-types.ts';
import { importWithChosen, type NoInstrument } from '../lib/import/instrument-choice.ts';
import { instrumentFingerprint } from '../lib/instrument/fingerprint.ts';
import { MAX_INSTRUMENT_BYTES, parseInstrument } from '../lib/instrument/load.ts';
import type { Instrument } from '../lib/instrument/schema.ts';
import { formatBytes } from '../lib/import/limits.ts';
import { sha256BytesHex } from '../lib/util/sha256.ts';
import { importCheckingLater, type ChecksumOptions } from '../lib/import/checksums-later.ts';
import { startChecksumThread } from './checksum-thread.ts';
import { filesWithProblems, readFiles, type EvaluateRequest, type EvaluateResponse, type Phase } from './evaluate-messages.ts';

interface Shipped {
  instrument: Instrument;
  hash: string;
}

/** Why no questionnaire could be chosen, and how to give one on the page. */
function noInstrumentMessage(none: NoInstrument): string {
  if (none.reason === 'none named')
    return 'These files do not say which questionnaire they hold, and this site ships more than one. Choose its definition file under Options.';
  if (none.reason === 'shipped twice') return `This site ships two definitions of ${none.id} ${none.version}. Choose the definition file under Options.`;
  const list = none.named
    .slice(0, 5)
    .map((n) => `${n.id} ${n.version || '(no version)'}`)
    .join(', ');
  return `Most records in these files use ${none.id} ${none.version || '(no version)'}, a questionnaire this site does not ship (named: ${list}${none.named.length > 5 ? ', …' : ''}). Choose its definition file under Options.`;
}

const send = (message: EvaluateResponse, transfer: Transferable[] = []) => postMessage(message, { transfer });
/** Progress at most every 100 ms (10,000 files would otherwise send 20,000 messages), and always at the end of a phase. */
let lastProgress = 0;
const progress = (phase: Phase, done: number, total: number) => {
  const now = performance.now();
  if (done !== 0 && done !== total && now - lastProgress < 100) return;
  lastProgress = now;
  send({ type: 'progress', phase, done, total });
};

/** What the downloads of the last analysis are made from. */
interface Kept {
  dataset: Dataset;
  report: Report;
  instrument: Instrument;
  stamp: string;
}
let current: Kept | null = null;

/** The files read ahead, as soon as they were chosen (a 'read' message), and which choice they are. */
let readAhead: { choice: number; files: Promise<ImportFile[]> } | null = null;

/**
 * The thread that checks records' checksums while this one imports and analyses, started with this worker
 * (itself started ahead), so it is ready. Null where a worker cannot start one: checksums are then checked
 * as records are read. A thread that fails answers no more: its checks count as failed, and the import is
 * done again with the hash of this thread.
 */
const checksumThread = startChecksumThread();

async function analyse(request: Extract<EvaluateRequest, { type: 'analyse' }>): Promise<void> {
  // The files read ahead, if they are these; let go of in any case.
  const ahead = readAhead !== null && readAhead.choice === request.readAhead ? readAhead.files : null;
  readAhead = null;
  const shipped = JSON.parse(request.shipped) as Shipped[];
  const knowledge = JSON.parse(request.knowledge) as KnowledgeBankModule[];
  const events = parseRedcapEvents(request.redcapEvents);
  if (events.errors.length) return send({ type: 'error', message: `REDCap events (under Options): ${events.errors.join('; ')}.` });
  const timepoints = parseTimepoints(request.timepoints);
  if (timepoints.errors.length) return send({ type: 'error', message: `Timepoint of exports (under Options): ${timepoints.errors.join('; ')}.` });
  const total = request.files.length;
  progress('reading', 0, total);
  const files = await (ahead ?? readFiles(request.files, (done) => progress('reading', done, total)));
  if (ahead) progress('reading', total, total);
  const importWith = ({ instrument, hash }: Shipped, checksums: ChecksumOptions) => {
    progress('importing', 0, total);
    return importFiles(files, instrument, hash, {
      // Checksums of records of ASCII only from their bytes, without building their texts: checked
      // meanwhile on the other thread, or hashed here.
      ...checksums,
      onFile: (done) => progress('importing', done, total),
      redcapEvents: events.events,
      timepoints: timepoints.timepoints,
      courseModules: JSON.parse(request.modules) as string[],
    });
  };
  /** The import, then what follows it; checksums checked meanwhile on another thread when there is one. */
  const checked = <T>(run: (checksums: ChecksumOptions) => T, then: (imported: T) => Outcome): Outcome | Promise<Outcome> => {
    const later = checksumThread?.checker();
    return later ? importCheckingLater(run, then, later, sha256BytesHex) : then(run({ sha256Bytes: sha256BytesHex }));
  };
  let outcome: Outcome;
  if (request.instrumentFile) {
    if (request.instrumentFile.size > MAX_INSTRUMENT_BYTES) {
      return send({
        type: 'error',
        message: `The questionnaire definition ${request.instrumentFile.name} is ${formatBytes(request.instrumentFile.size)}, more than the ${formatBytes(MAX_INSTRUMENT_BYTES)} a definition can be. Choose the definition file (YAML or JSON) under Options.`,
      });
    }
    const instrument = parseInstrument(await request.instrumentFile.text(), request.instrumentFile.name);
    const given = { instrument, hash: instrumentFingerprint(instrument) };
    outcome = await checked(
      (checksums) => importWith(given, checksums),
      (imported) => analysed(given, imported, request.fuzzy, knowledge),
    );
  } else {
    // The rule the CLI follows too (instrument-choice.ts): the questionnaire most records name, if shipped.
    const instruments = shipped.map((s) => s.instrument);
    const shippedOf = (instrument: Instrument) => shipped[instruments.indexOf(instrument)]!;
    const named = listInstruments(files);
    outcome = await checked(
      (checksums) => importWithChosen(instruments, named, (instrument) => importWith(shippedOf(instrument), checksums)),
      (done) =>
        'reason' in done
          ? { message: { type: 'error', message: noInstrumentMessage(done) } }
          : analysed(shippedOf(done.chosen.instrument), done.imported, request.fuzzy, knowledge),
    );
  }
  if (outcome.kept) current = outcome.kept;
  send(outcome.message);
}

/** What an analysis ends with: the message for the page, and what the downloads are made from. */
interface Outcome {
  message: EvaluateResponse;
  kept?: Kept;
}

/** The imported records matched and analysed, and the report and charts written. */
function analysed({ instrument }: Shipped, imported: ImportResult, fuzzy: boolean, knowledge: KnowledgeBankModule[]): Outcome {
  progress('analysing', 0, 1);
  const dataset = buildDataset(imported, instrument, { fuzzy });
  const report = analyzeDataset(dataset, { fuzzy, knowledge });
  progress('rendering', 0, 1);
  const charts = [scaleChangeChart(report, dataset), ...itemDivergingCharts(itemDistributions(dataset))].filter((c) => c !== null);
  const stamp = report.meta.generatedAt.slice(0, 10);
  const f = report.sampleFlow;
  return {
    kept: { dataset, report, instrument, stamp },
    message: {
      type: 'done',
      // The same renderer as the CLI's HTML file, which escapes every imported string.
      reportHtml: renderReportBody(report, instrument),
      chartsHtml: charts.map(chartFigure).join(''),
      stamp,
      summary: {
        files: f.files,
        recordsRead: f.recordsRead,
        imported: f.imported,
        rejected: f.rejected,
        matched: f.matched,
        problems: report.problems.length,
        ...filesWithProblems(report.problems),
      },
    },
  };
}

function download(kind: 'html' | 'json' | 'csv'): void {
  if (!current) return send({ type: 'error', message: 'There is no analysis to download yet.' });
  const { dataset, report, instrument, stamp } = current;
  if (kind === 'html') send({ type: 'file', name: `evaluation-report-${stamp}.html`, data: reportHtmlText(report, instrument), mime: 'text/html' });
  else if (kind === 'json') send({ type: 'file', name: `evaluation-report-${stamp}.json`, data: reportJsonText(report), mime: 'application/json' });
  else {
    const files = exportAllFiles(dataset, report);
    const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]))) as Uint8Array<ArrayBuffer>;
    send({ type: 'file', name: `evaluation-data-${stamp}.zip`, data: zip, mime: 'application/zip' }, [zip.buffer]);
  }
}

self.onmessage = async (event: MessageEvent<EvaluateRequest>) => {
  try {
    if (event.data.type === 'analyse') await analyse(event.data);
    else if (event.data.type === 'read') readAhead = { choice: event.data.choice, files: readFiles(event.data.files) };
    else download(event.data.kind);
  } catch (error) {
    send({ type: 'error', message: `The analysis could not run: ${(error as Error)?.message ?? String(error)}` });
  }
};
