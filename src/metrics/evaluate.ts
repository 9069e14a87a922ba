/** Every reported metric (D2ACE-SPEC section 6) from one call. */
import { computeCurveMetrics } from './auc';
import { computeBipartition } from './confusion';
import { METRIC_NAMES, type MetricValues } from './names';
import { computeRanking } from './ranking';
import { checkLabelScores, checkThreshold, DEFAULT_THRESHOLD, type LabelScores } from './validate';

export interface EvaluateOptions {
  /** Bipartition threshold: score > threshold predicts the label. Default 0.5. */
  threshold?: number;
}

/**
 * All 21 metrics, keyed (and ordered) as METRIC_NAMES. Validates the input once (see
 * checkLabelScores for the errors). Edge cases are those of the single-metric functions:
 * macro_auc skips labels with one class (NaN if all do), micro_auc is NaN with one class overall,
 * AUPR gives a label without positives 0, and every zero_division case counts 0.
 */
export function evaluate(input: LabelScores, options: EvaluateOptions = {}): MetricValues {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  checkLabelScores(input);
  checkThreshold(threshold);
  const all = {
    ...computeBipartition(input, threshold).metrics,
    ...computeRanking(input),
    ...computeCurveMetrics(input),
  };
  const out = {} as MetricValues;
  for (const name of METRIC_NAMES) out[name] = all[name];
  return out;
}
