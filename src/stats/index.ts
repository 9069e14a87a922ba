/** Significance tests for comparing selection methods over paired runs and over datasets. */
export { comparePaired, correctedResampledTTest, wilcoxonSignedRankP, TIE_TOLERANCE, type CorrectedTTest, type PairedComparison } from './paired';
export { friedmanFromRanks, friedmanTest, nemenyiCriticalDifference, rankRow, type FriedmanResult } from './friedman';
export { nemenyiQAlpha, studentizedRangeCdfInfiniteDf } from './distributions';
