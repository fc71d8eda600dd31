// Every export file at once (file name → content): what `npm run analyze -- --format csv` writes and the
// dashboard offers for download.
import type { Instrument } from '../instrument/schema.ts';
import type { Dataset } from './dataset.ts';
import { exportCodebookCsv, exportCodebookMarkdown } from './export-codebook.ts';
import { exportLongCsv, exportReportTablesCsv, exportScaleScoresCsv, exportSourcesCsv, exportWideCsv } from './export-csv.ts';
import { renderReportHtml } from './export-html.ts';
import { safeHtml, safeJson } from './export-util.ts';
import type { Report } from './report-types.ts';

/** The report as JSON text to write (the CLI's output, the page's download), by the output rule (safeJson). */
export const reportJsonText = (report: Report): string => safeJson(JSON.stringify(report, null, 2));

/** The report as a self-contained HTML page to write, by the output rule (safeHtml). */
export const reportHtmlText = (report: Report, instrument: Instrument): string => safeHtml(renderReportHtml(report, instrument));

export function exportAllFiles(ds: Dataset, report: Report): Record<string, string> {
  return {
    // With the background answers, so that the file imported again gives the same subgroups.
    'responses_long.csv': exportLongCsv(ds, { demographics: true }),
    'wide.csv': exportWideCsv(ds),
    'scale_scores.csv': exportScaleScoresCsv(ds),
    ...exportReportTablesCsv(report),
    'sources.csv': exportSourcesCsv(report),
    'codebook.csv': exportCodebookCsv(ds.instrument),
    'codebook.md': exportCodebookMarkdown(ds.instrument),
    'report.json': `${reportJsonText(report)}\n`,
  };
}
