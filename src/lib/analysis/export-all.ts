// Every export file at once (file name → content): what `npm run analyze -- --format csv` writes and the
// dashboard offers for download.
import type { Dataset } from './dataset.ts';
import { exportCodebookCsv, exportCodebookMarkdown } from './export-codebook.ts';
import { exportLongCsv, exportReportTablesCsv, exportScaleScoresCsv, exportSourcesCsv, exportWideCsv } from './export-csv.ts';
import type { Report } from './report-types.ts';

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
    'report.json': JSON.stringify(report, null, 2) + '\n',
  };
}
