/**
 * Multi-label metrics: pure functions over row-major typed arrays, with the definitions of the
 * authors' evaluation code (scikit-learn's where theirs is scikit-learn's; each doc comment says).
 */
export { METRIC_NAMES, LOWER_IS_BETTER, type MetricName, type MetricValues } from './names';
export { checkLabelScores, checkThreshold, DEFAULT_THRESHOLD, type LabelScores } from './validate';
export {
  bipartitionMetrics,
  labelConfusion,
  type BipartitionMetrics,
  type LabelConfusion,
} from './confusion';
export {
  rankingMetrics,
  samplesAveragePrecision,
  labelRankingAveragePrecisionScore,
  labelRankingLoss,
  referenceCoverage,
  coverageError,
  oneError,
  type RankingMetrics,
} from './ranking';
export {
  curveMetrics,
  macroRocAuc,
  microRocAuc,
  macroAveragePrecision,
  microAveragePrecision,
  rocAucScore,
  averagePrecisionScore,
  macroAveragingAuc,
  sortedCurveStats,
  type BinaryCurveStats,
  type CurveMetrics,
} from './auc';
export { evaluate, type EvaluateOptions } from './evaluate';
