// The evaluator's report: one function per section (sections/), the rules they follow in one module
// (rules.ts), put together here. Pure TypeScript; the CLI and the browser dashboard both call analyze().
import type { Instrument } from '../instrument/schema.ts';
import type { ImportedRecord, ImportResult } from '../import/import-types.ts';
import { analysisContext, type AnalysisContext } from './context.ts';
import { buildDataset, type Dataset } from './dataset.ts';
import { num, pairedTests } from './paired.ts';
import type { AnalysisOptions, RecordRef, Report, ReportMeta, ReportMatching, ReportSampleFlow } from './report-types.ts';
import { DIGITS_RANK, R_EQUIVALENTS, RCI_CRITERION, RULES } from './rules.ts';
import { attritionSection, followUpAttritionSection } from './sections/attrition.ts';
import { familiaritySection } from './sections/familiarity.ts';
import { gapSection } from './sections/gap.ts';
import { itemSection } from './sections/items.ts';
import { knowledgeSection } from './sections/knowledge.ts';
import { scaleSection } from './sections/scales.ts';
import { subgroupSection } from './sections/subgroups.ts';
import { MIN_CELL } from './suppress.ts';

export type * from './report-types.ts';
export { DIGITS_RANK, R_EQUIVALENTS, RCI_CRITERION, num, pairedTests };

function ref(r: ImportedRecord): RecordRef {
  const out: RecordRef = { participant: r.participant, file: r.file };
  if (r.record !== undefined) out.record = r.record;
  if (r.statement !== undefined) out.statement = r.statement;
  if (r.line !== undefined) out.line = r.line;
  return out;
}

function meta(ctx: AnalysisContext, options: AnalysisOptions): ReportMeta {
  const { instrument, importResult } = ctx.ds;
  return {
    tool: 'mutual-support-training evaluator',
    reportVersion: 1,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    instrument: { id: instrument.id, version: instrument.version, hash: importResult.instrument.hash, title: instrument.title },
    options: { fuzzy: ctx.fuzzy, confLevel: ctx.confLevel, minCellSize: MIN_CELL, digitsRank: DIGITS_RANK, rciCriterion: RCI_CRITERION },
    import: importResult.counts,
    otherInstruments: importResult.otherInstruments.map((g) => ({ id: g.id, version: g.version, hash: g.hash, count: g.count, reason: g.reason })),
    sources: importResult.files.map((f) => ({
      ...f,
      participantIds: f.codes && f.otherIds ? 'both' : f.codes ? 'participant codes' : f.otherIds ? 'ids from another system' : 'none',
    })),
    rEquivalents: R_EQUIVALENTS,
    rules: { ...RULES, fuzzy: `${RULES.fuzzy} ${ctx.fuzzy ? 'Fuzzy matching was ON for this report.' : 'Fuzzy matching was OFF for this report.'}` },
  };
}

function sampleFlow(ds: Dataset): ReportSampleFlow {
  const flow = ds.match.flow;
  const counts = ds.importResult.counts;
  const records = ds.importResult.records;
  return {
    files: counts.files,
    lrsPages: counts.lrsPages,
    recordsRead: counts.recordsRead,
    imported: counts.imported,
    rejected: counts.rejected,
    otherInstrument: counts.otherInstrument,
    identicalCopies: counts.identicalCopies,
    checksumMismatch: counts.checksumMismatch,
    preRecords: flow.preRecords,
    postRecords: flow.postRecords,
    pre: flow.pre,
    post: flow.post,
    matched: flow.matched,
    matchedFuzzy: flow.matchedFuzzy,
    preOnly: flow.preOnly,
    postOnly: flow.postOnly,
    duplicates: flow.duplicates,
    ambiguousFuzzy: flow.ambiguousFuzzy,
    fuzzyAvailable: flow.fuzzyAvailable,
    followup: records.filter((r) => r.timepoint === 'followup').length,
    matchedFollowUp: ds.people.filter((p) => p.pre && p.followup).length,
    allThree: ds.people.filter((p) => p.pre && p.post && p.followup).length,
    then: records.filter((r) => r.timepoint === 'then').length,
    knowledgeOnly: ds.knowledgeOnly.length,
    excluded: [
      ...(counts.rejected ? [{ reason: 'record rejected on import (see problems)', count: counts.rejected }] : []),
      ...(counts.otherInstrument ? [{ reason: 'made with another instrument or version (kept apart)', count: counts.otherInstrument }] : []),
      ...(counts.identicalCopies ? [{ reason: 'identical copy of a record already read (counted once)', count: counts.identicalCopies }] : []),
      ...(counts.filesRejected ? [{ reason: 'file that could not be read at all (see problems)', count: counts.filesRejected }] : []),
      ...(counts.filesWithoutRecords
        ? [{ reason: 'file read that gave no record: every record or row in it was an error (see problems)', count: counts.filesWithoutRecords }]
        : []),
      ...(counts.csvRowsRejected ? [{ reason: 'CSV row not used (see problems)', count: counts.csvRowsRejected }] : []),
      ...(counts.valuesRejected
        ? [{ reason: 'single answer set aside: unknown item or option, or value not on the response scale (see problems)', count: counts.valuesRejected }]
        : []),
      ...flow.excluded.filter((e) => !/^timepoint "(then|followup)"/.test(e.reason)),
      ...(ds.unattached.length
        ? [{ reason: '"then" or "followup" record with no pre or post record of the same code and module', count: ds.unattached.length }]
        : []),
      ...(ds.superseded.length
        ? [
            {
              reason: '"then" or "followup" record of a person who has a later one at that timepoint (the latest completed is used)',
              count: ds.superseded.length,
            },
          ]
        : []),
    ],
  };
}

function matching(ds: Dataset): ReportMatching {
  const m = ds.match;
  return {
    fuzzyPairs: m.pairs
      .filter((p) => p.fuzzy)
      .map((p) => ({ module: p.pre.module, pre: ref(p.pre), post: ref(p.post), differingElement: p.differingElement ?? -1 })),
    ambiguousFuzzy: m.ambiguousFuzzy.map((a) => ({ module: a.module, pre: a.pre.map(ref), post: a.post.map(ref) })),
    duplicates: m.duplicates.map((d) => ({
      participant: d.participant,
      module: d.module,
      cohort: d.cohort,
      timepoint: d.timepoint,
      used: ref(d.used),
      duplicates: d.duplicates.map(ref),
    })),
  };
}

export function analyze(importResult: ImportResult, instrument: Instrument, options: AnalysisOptions = {}): Report {
  return analyzeDataset(buildDataset(importResult, instrument, { fuzzy: options.fuzzy ?? false }), options);
}

export function analyzeDataset(ds: Dataset, options: AnalysisOptions = {}): Report {
  const ctx = analysisContext(ds, options);
  return {
    meta: meta(ctx, options),
    sampleFlow: sampleFlow(ds),
    scales: scaleSection(ctx),
    items: itemSection(ctx),
    gap: gapSection(ctx),
    subgroups: subgroupSection(ctx),
    attrition: attritionSection(ctx),
    attritionFollowUp: followUpAttritionSection(ctx),
    knowledge: knowledgeSection(ctx, options.knowledge ?? []),
    familiarity: familiaritySection(ctx),
    matching: matching(ds),
    problems: ds.importResult.problems,
  };
}
