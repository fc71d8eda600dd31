// The evaluator's analysis core: import → match → analyse → export. Pure TypeScript (browser and CLI).
export { importFiles, listInstruments, detectFormat, DEMOGRAPHIC_ITEM_PREFIX } from '../import/import.ts';
export type * from '../import/import-types.ts';
export { matchPrePost, DUPLICATE_RULE, FUZZY_RULE, EXACT_RULE } from '../matching/match.ts';
export type { MatchResult, MatchedPair, SampleFlow, MatchOptions } from '../matching/match.ts';
export { buildDataset } from './dataset.ts';
export type { Dataset, Person, PersonStatus } from './dataset.ts';
export { analyze, analyzeDataset, R_EQUIVALENTS } from './report.ts';
export type * from './report-types.ts';
export { welchTTest } from './welch-t.ts';
export { suppressCells, MIN_CELL, SUPPRESSION_RULE } from './suppress.ts';
export { exportLongCsv, exportWideCsv, exportScaleScoresCsv, exportReportTablesCsv, wideColumns } from './export-csv.ts';
export { exportCodebookCsv, exportCodebookMarkdown, buildCodebook } from './export-codebook.ts';
export { renderReportHtml, renderReportBody, escapeHtml } from './export-html.ts';
export { exportAllFiles } from './export-all.ts';
export { safeCell, rName, isSyntacticRName } from './export-util.ts';
