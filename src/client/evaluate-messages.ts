// Messages between the evaluator dashboard (evaluate.ts) and its worker (evaluate-worker.ts). Types only,
// plus the file reading both workers share: nothing here pulls the analysis into the page.
import type { ImportFile } from '../lib/import/import-types.ts';
import { DEFAULT_LIMITS } from '../lib/import/limits.ts';
import { decodeText, mayBeOtherEncoding } from '../lib/util/text-encoding.ts';

export type EvaluateRequest =
  | {
      type: 'analyse';
      files: File[];
      /** The choice of files this worker was asked to read ahead, when `files` are those (else null: read them now). */
      readAhead: number | null;
      /** A questionnaire definition chosen by the user, if any. */
      instrumentFile: File | null;
      fuzzy: boolean;
      /** REDCap events → timepoints and the timepoint of exports that carry none, as typed (source-options.ts). */
      redcapEvents: string;
      timepoints: string;
      /** JSON text of the shipped questionnaires ({ instrument, hash }[]), knowledge banks and module ids, from the page. */
      shipped: string;
      knowledge: string;
      modules: string;
    }
  | { type: 'download'; kind: 'html' | 'json' | 'csv' }
  /** Files chosen (choice number `choice`): read them now, while the user sets the options and presses Analyse. */
  | { type: 'read'; files: File[]; choice: number };

export type Phase = 'reading' | 'importing' | 'analysing' | 'rendering';

export interface EvaluateSummary {
  files: number;
  recordsRead: number;
  imported: number;
  rejected: number;
  matched: number;
  problems: number;
  /** Files with problems: name, errors, warnings (most errors first, at most 10). */
  filesWithProblems: { file: string; errors: number; warnings: number }[];
  /** Files with problems beyond the 10 listed. */
  moreFiles: number;
}

export type EvaluateResponse =
  | { type: 'progress'; phase: Phase; done: number; total: number }
  | { type: 'done'; reportHtml: string; chartsHtml: string; summary: EvaluateSummary; stamp: string }
  | { type: 'error'; message: string }
  | { type: 'file'; name: string; data: string | Uint8Array<ArrayBuffer>; mime: string };

/**
 * Reads chosen files as text, within the import's size limits: a file over them is passed with its size
 * and no text (the import reports it and reads the others), one that cannot be read with the reason.
 */
export async function readFiles(files: readonly File[], onFile: (done: number) => void = () => undefined): Promise<ImportFile[]> {
  const out: ImportFile[] = [];
  let total = 0;
  for (const file of files) {
    if (file.size > DEFAULT_LIMITS.maxFileBytes || total + file.size > DEFAULT_LIMITS.maxTotalBytes) {
      out.push({ name: file.name, text: '', bytes: file.size });
    } else {
      total += file.size;
      try {
        const text = await file.text();
        // Not UTF-8 (a replacement character where a byte was not): read again from the bytes (text-encoding.ts).
        const decoded = mayBeOtherEncoding(text) ? decodeText(new Uint8Array(await file.arrayBuffer())) : { text, note: null };
        out.push({ name: file.name, text: decoded.text, bytes: file.size, ...(decoded.note ? { encodingNote: decoded.note } : {}) });
      } catch (error) {
        out.push({ name: file.name, text: '', unreadable: (error as Error).message || 'the browser could not read it' });
      }
    }
    onFile(out.length);
  }
  return out;
}

/** Files with problems, most errors first: what the page lists above the report. */
export function filesWithProblems(
  problems: readonly { file: string; severity: 'error' | 'warning' }[],
  max = 10,
): Pick<EvaluateSummary, 'filesWithProblems' | 'moreFiles'> {
  const byFile = new Map<string, { file: string; errors: number; warnings: number }>();
  for (const p of problems) {
    const entry = byFile.get(p.file) ?? { file: p.file, errors: 0, warnings: 0 };
    if (p.severity === 'error') entry.errors++;
    else entry.warnings++;
    byFile.set(p.file, entry);
  }
  const sorted = [...byFile.values()].sort((a, b) => b.errors - a.errors || b.warnings - a.warnings);
  return { filesWithProblems: sorted.slice(0, max), moreFiles: Math.max(0, sorted.length - max) };
}
