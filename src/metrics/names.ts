/** The names of the multi-label metrics as reported (D2ACE-SPEC section 6), and their direction. */

/** All 21 metrics, in the order reports list them. */
export const METRIC_NAMES = [
  'macro_f1',
  'micro_f1',
  'macro_auc',
  'micro_auc',
  'subset_accuracy',
  'example_precision',
  'example_recall',
  'jaccard_index',
  'micro_aupr',
  'macro_aupr',
  'macro_acc',
  'micro_acc',
  'macro_recall',
  'micro_recall',
  'macro_precision',
  'micro_precision',
  'average_precision',
  'ranking_loss',
  'hamming_loss',
  'coverage',
  'one_error',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

/** One value per metric. */
export type MetricValues = Record<MetricName, number>;

/** Metrics where a smaller value is better; every other metric is "higher is better". */
export const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set<MetricName>([
  'hamming_loss',
  'ranking_loss',
  'coverage',
  'one_error',
]);
