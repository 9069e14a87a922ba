/** Multi-label metrics: pure functions over row-major typed arrays, scikit-learn semantics. */
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
  labelRankingAveragePrecisionScore,
  labelRankingLoss,
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
  sortedCurveStats,
  type BinaryCurveStats,
  type CurveMetrics,
} from './auc';
export { evaluate, type EvaluateOptions } from './evaluate';
