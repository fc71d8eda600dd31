// Pulling the "submitted" statements (each carrying a whole result record) from an LRS, page by page
// (lrs-paging.ts). Only the records are kept, as parsed (the import reads them as they are:
// ImportFile.entries), so memory grows with the records, not with the statements around them or the pages read.
import { checkEntries, recordCheckEnv } from './import-json.ts';
import type { ImportFile } from './import-types.ts';
import type { ImportLimits } from './limits.ts';
import { firstPageUrl, statementPages, type LrsQuery } from './lrs-paging.ts';
import { StatementRecordReader } from './xapi.ts';

export interface PulledRecords {
  /** One import file per page that carried records: those records (`entries`), named "<name>, page N". */
  files: ImportFile[];
  pages: number;
  records: number;
  counts: StatementRecordReader['counts'];
  /**
   * With checks: true when the pull stopped, once the pages read held more records than the import may
   * take in all (limits.maxRecordsTotal): the import would refuse the rest, so they are not fetched.
   */
  stoppedAtLimit?: boolean;
}

/** The import's checksum function and limits, for checking each page's records as it arrives. */
export interface RecordChecks {
  sha256: (text: string) => string;
  sha256Bytes?: (bytes: Uint8Array) => string;
  limits: ImportLimits;
}

/**
 * Every result record the LRS holds for the query, as import files (one per page, so a problem names the
 * page and the record's place on it). A statement voided in a page read so far is left out; the ids of
 * the statements carrying records go with them (ImportFile.statements), and the import counts each once
 * over all pages and files, comparing their records (a second, different one is a conflict). Of each page only the
 * records are kept, as parsed: the import checks them as it would a JSON file listing them, without their
 * being written out as text and parsed a second time (100,000 learners: 265 MB of text and seconds).
 * `pagesOf` gives the query's statements page by page: statementPages by default; the CLI's fetches the
 * pages in a thread of their own.
 */
export async function pullRecordFiles(
  q: LrsQuery,
  name = `LRS ${firstPageUrl(q).host}`,
  check?: RecordChecks,
  pagesOf: (q: LrsQuery) => AsyncIterable<readonly unknown[]> = statementPages,
): Promise<PulledRecords> {
  const reader = new StatementRecordReader();
  const env = check ? recordCheckEnv(check.sha256, check.sha256Bytes ?? null, check.limits) : null;
  const out: PulledRecords = { files: [], pages: 0, records: 0, counts: reader.counts };
  for await (const page of pagesOf(q)) {
    out.pages++;
    const file = `${name}, page ${out.pages}`;
    const { records, statementIds } = reader.read(page, file);
    if (!records.length) continue;
    out.records += records.length;
    // Checked at once, the page's records are let go before the next page is parsed (ImportFile.checked).
    out.files.push({
      name: file,
      text: '',
      lrsPage: true,
      statements: statementIds,
      ...(env ? { checked: checkEntries(records, env) } : { entries: records }),
    });
    if (check && out.records > check.limits.maxRecordsTotal) {
      out.stoppedAtLimit = true;
      break;
    }
  }
  return out;
}
