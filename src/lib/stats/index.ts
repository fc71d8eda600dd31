/**
 * Statistics core for the pre/post evaluation (pure TypeScript, no DOM).
 * Every function documents the R function it mirrors. The tests check them
 * against R 4.2.2 output committed in test/reference/r/ (the .R scripts and
 * the .out files they print; `npm run refs:r` regenerates them).
 */
export {
  isPresent,
  finiteValues,
  finiteFloat64,
  assertPaired,
  completePairs,
  pairedDifferences,
  completeDifferences,
  sum,
  mean,
  sampleVariance,
  sampleSd,
  sampleCovariance,
  pearsonCorrelation,
  median,
} from './descriptive.ts';
export type { CompletePairs, Numbers } from './descriptive.ts';
export { averageRanks, rankWithTies, tieGroupSizes, tieCorrectionSum, signif } from './ranks.ts';
export {
  normalCdf,
  normalUpperTail,
  normalQuantile,
  tCdf,
  tQuantile,
  tTwoSidedP,
  fCdf,
  fUpperTail,
  fQuantile,
  chiSquareCdf,
  chiSquareUpperTail,
  signRankCdf,
  signRankUpperTail,
} from './distributions.ts';
export { noncentralTCdf, noncentralityInterval } from './noncentral-t.ts';
export type { NoncentralityInterval } from './noncentral-t.ts';
export { logGamma } from './special-functions.ts';
export { differencesTTest, pairedTTest, pairedTTestOfDifferences } from './paired-t.ts';
export type { PairedTTestResult } from './paired-t.ts';
export { wilcoxonOfDifferences, wilcoxonSignedRank } from './wilcoxon.ts';
export type { WilcoxonMethod, WilcoxonOptions, WilcoxonResult } from './wilcoxon.ts';
export { cohenDz, cohenDzOfDifferences, hedgesGz, hedgesCorrection } from './effect-size.ts';
export type { CohenDzResult, HedgesGzResult } from './effect-size.ts';
export { cronbachAlpha, cronbachAlphaOfComplete } from './alpha.ts';
export type { AlphaItemStatistics, CronbachAlphaResult } from './alpha.ts';
export { reliableChange, reliableChangeSummary } from './reliable-change.ts';
export type {
  ReliableChangeCategory,
  ReliableChangeOptions,
  ReliableChangePerson,
  ReliableChangeResult,
} from './reliable-change.ts';
export { pAdjust, holm, benjaminiHochberg } from './p-adjust.ts';
export type { PAdjustMethod } from './p-adjust.ts';
export { welchAnova, kruskalWallis } from './group-tests.ts';
export type { WelchAnovaResult, KruskalWallisResult } from './group-tests.ts';
export { mcnemarTest, mcnemarExactP, mcnemarAuto, MCNEMAR_EXACT_BELOW } from './mcnemar.ts';
export type { McNemarResult, McNemarAutoResult } from './mcnemar.ts';
export { friedmanTest } from './friedman.ts';
export type { FriedmanResult } from './friedman.ts';
export { pairwiseWilcoxonHolm } from './pairwise-wilcoxon.ts';
export type { PairwiseWilcoxonComparison, PairwiseWilcoxonResult } from './pairwise-wilcoxon.ts';
