/**
 * Label-based and example-based bipartition metrics, as the authors' evaluation code (`main.py`
 * of the D2ACE release) computes the published figures.
 *
 * A label is predicted for an instance iff its score > threshold (default 0.5). The authors
 * predict with `np.round(p)`, which sends exactly 0.5 to 0 (round half to even); scikit-learn
 * users often write `p >= 0.5` instead. Label-based ratios follow scikit-learn with
 * zero_division=0: an ill-defined ratio counts 0 and still takes part in its mean. The two
 * example-based ratios are the authors' own: an instance whose ratio is ill-defined is left out
 * of the mean (see example_precision and example_recall).
 */
import { checkLabelScores, checkThreshold, DEFAULT_THRESHOLD, type LabelScores } from './validate';

/** Per-label confusion counts, each of length L. tp + fp + fn + tn = N for every label. */
export interface LabelConfusion {
  tp: Float64Array;
  fp: Float64Array;
  fn: Float64Array;
  tn: Float64Array;
}

/** The bipartition metrics, by their reported names. */
export interface BipartitionMetrics {
  /**
   * Mean over all L labels of F1_j = 2tp/(2tp+fp+fn); 0 when tp+fp+fn = 0 (sklearn
   * f1_score(average='macro', zero_division=0)). Labels that are never relevant nor predicted
   * score 0 and pull the mean down.
   */
  macro_f1: number;
  /** 2TP/(2TP+FP+FN) over all N*L entries; 0 when there is no relevant and no predicted entry. */
  micro_f1: number;
  /** Mean over labels of tp/(tp+fp); a label never predicted scores 0 (zero_division=0). */
  macro_precision: number;
  /** TP/(TP+FP) over all entries; 0 when nothing is predicted. */
  micro_precision: number;
  /** Mean over labels of tp/(tp+fn); a label never relevant scores 0 (zero_division=0). */
  macro_recall: number;
  /** TP/(TP+FN) over all entries; 0 when no entry is relevant. */
  micro_recall: number;
  /** Mean over labels of (tp+tn)/N. Always equals micro_acc and 1 - hamming_loss. */
  macro_acc: number;
  /** (TP+TN)/(N*L). */
  micro_acc: number;
  /** Fraction of wrong entries, (FP+FN)/(N*L) (sklearn hamming_loss). */
  hamming_loss: number;
  /** Fraction of instances whose predicted label set equals the relevant set exactly (sklearn accuracy_score). */
  subset_accuracy: number;
  /**
   * The authors' definition: mean of |Y_i ∩ P_i| / |P_i| over the instances WITH at least one
   * predicted label (0 when there is none). scikit-learn's precision_score(average='samples',
   * zero_division=0) would count the other instances as 0 and divide by N.
   */
  example_precision: number;
  /**
   * The authors' definition: mean of |Y_i ∩ P_i| / |Y_i| over the instances WITH at least one
   * relevant label (0 when there is none). scikit-learn's recall_score(average='samples',
   * zero_division=0) would count the other instances as 0 and divide by N.
   */
  example_recall: number;
  /**
   * Mean over instances of |Y_i ∩ P_i| / |Y_i ∪ P_i|; an instance with no relevant and no
   * predicted label scores 0 (sklearn jaccard_score(average='samples', zero_division=0)), even
   * though its prediction is exactly right.
   */
  jaccard_index: number;
}

/** Per-label confusion counts at `threshold` (score > threshold predicts the label). Validates its input. */
export function labelConfusion(input: LabelScores, threshold: number = DEFAULT_THRESHOLD): LabelConfusion {
  checkLabelScores(input);
  checkThreshold(threshold);
  return computeBipartition(input, threshold).confusion;
}

/** All bipartition metrics at `threshold` (default 0.5, exclusive). Validates its input. */
export function bipartitionMetrics(input: LabelScores, threshold: number = DEFAULT_THRESHOLD): BipartitionMetrics {
  checkLabelScores(input);
  checkThreshold(threshold);
  return computeBipartition(input, threshold).metrics;
}

const div0 = (num: number, den: number): number => (den === 0 ? 0 : num / den);

/** One pass over the N*L entries. Assumes validated input. */
export function computeBipartition(
  input: LabelScores,
  threshold: number,
): { confusion: LabelConfusion; metrics: BipartitionMetrics } {
  const { rows, cols, yTrue, scores } = input;
  const tp = new Float64Array(cols);
  const fp = new Float64Array(cols);
  const fn = new Float64Array(cols);
  let exact = 0;
  let exPrecision = 0;
  let exPrecisionRows = 0;
  let exRecall = 0;
  let exRecallRows = 0;
  let jaccard = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let hits = 0;
    let predicted = 0;
    let relevant = 0;
    for (let j = 0; j < cols; j++) {
      const t = yTrue[base + j] === 1;
      const p = scores[base + j]! > threshold;
      if (t) {
        relevant++;
        if (p) {
          predicted++;
          hits++;
          tp[j]!++;
        } else fn[j]!++;
      } else if (p) {
        predicted++;
        fp[j]!++;
      }
    }
    if (predicted === hits && relevant === hits) exact++;
    if (predicted > 0) {
      exPrecision += hits / predicted;
      exPrecisionRows++;
    }
    if (relevant > 0) {
      exRecall += hits / relevant;
      exRecallRows++;
    }
    jaccard += div0(hits, relevant + predicted - hits);
  }
  const tn = new Float64Array(cols);
  let TP = 0;
  let FP = 0;
  let FN = 0;
  let sumF1 = 0;
  let sumPrecision = 0;
  let sumRecall = 0;
  let sumAcc = 0;
  for (let j = 0; j < cols; j++) {
    const a = tp[j]!;
    const b = fp[j]!;
    const c = fn[j]!;
    tn[j] = rows - a - b - c;
    TP += a;
    FP += b;
    FN += c;
    sumF1 += div0(2 * a, 2 * a + b + c);
    sumPrecision += div0(a, a + b);
    sumRecall += div0(a, a + c);
    sumAcc += (rows - b - c) / rows;
  }
  const total = rows * cols;
  const wrong = FP + FN;
  return {
    confusion: { tp, fp, fn, tn },
    metrics: {
      macro_f1: sumF1 / cols,
      micro_f1: div0(2 * TP, 2 * TP + FP + FN),
      macro_precision: sumPrecision / cols,
      micro_precision: div0(TP, TP + FP),
      macro_recall: sumRecall / cols,
      micro_recall: div0(TP, TP + FN),
      macro_acc: sumAcc / cols,
      micro_acc: (total - wrong) / total,
      hamming_loss: wrong / total,
      subset_accuracy: exact / rows,
      example_precision: div0(exPrecision, exPrecisionRows),
      example_recall: div0(exRecall, exRecallRows),
      jaccard_index: jaccard / rows,
    },
  };
}
