import { describe, expect, it } from 'vitest';
import {
  averagePrecisionScore,
  bipartitionMetrics,
  coverageError,
  curveMetrics,
  macroAveragingAuc,
  referenceCoverage,
  samplesAveragePrecision,
  evaluate,
  labelConfusion,
  labelRankingAveragePrecisionScore,
  labelRankingLoss,
  LOWER_IS_BETTER,
  macroAveragePrecision,
  macroRocAuc,
  METRIC_NAMES,
  microAveragePrecision,
  microRocAuc,
  oneError,
  rankingMetrics,
  rocAucScore,
  type LabelScores,
  type MetricValues,
} from '../../src/metrics';
import { sortFloat32, sortFloat64, SortScratch } from '../../src/metrics/sort';
import { seededRandom, type Random } from '../../src/util/random';

/** A LabelScores from nested arrays (rows of labels). */
function ls(yTrue: number[][], scores: number[][], f32 = false): LabelScores {
  const rows = yTrue.length;
  const cols = yTrue[0]!.length;
  return {
    rows,
    cols,
    yTrue: Uint8Array.from(yTrue.flat()),
    scores: f32 ? Float32Array.from(scores.flat()) : Float64Array.from(scores.flat()),
  };
}

const close = (actual: number, expected: number, digits = 12) => expect(actual).toBeCloseTo(expected, digits);

function expectMetrics(actual: MetricValues, expected: Partial<MetricValues>) {
  for (const [name, value] of Object.entries(expected)) {
    if (Number.isNaN(value)) expect(actual[name as keyof MetricValues], name).toBeNaN();
    else expect(actual[name as keyof MetricValues], name).toBeCloseTo(value as number, 12);
  }
}

// scikit-learn docstring example shared by coverage_error, label_ranking_average_precision_score
// and label_ranking_loss.
const SK = ls(
  [
    [1, 0, 0],
    [0, 0, 1],
  ],
  [
    [0.75, 0.5, 1],
    [1, 0.2, 0.1],
  ],
);

describe('metric names', () => {
  it('lists the 21 reported metrics in order, and which are lower-is-better', () => {
    expect(METRIC_NAMES).toEqual([
      'macro_f1', 'micro_f1', 'macro_auc', 'micro_auc', 'subset_accuracy', 'example_precision',
      'example_recall', 'jaccard_index', 'micro_aupr', 'macro_aupr', 'macro_acc', 'micro_acc',
      'macro_recall', 'micro_recall', 'macro_precision', 'micro_precision', 'average_precision',
      'ranking_loss', 'hamming_loss', 'coverage', 'one_error',
    ]);
    expect([...LOWER_IS_BETTER].sort()).toEqual(['coverage', 'hamming_loss', 'one_error', 'ranking_loss']);
    expect(Object.keys(evaluate(SK))).toEqual([...METRIC_NAMES]);
  });
});

describe('ranking metrics: scikit-learn docstring examples', () => {
  // Row 0: relevant label 0 (0.75); scores >= 0.75: {1, 0.75} -> rank 2.
  // Row 1: relevant label 2 (0.1); every score >= 0.1 -> rank 3.
  it('coverage_error = (2 + 3) / 2 = 2.5', () => close(coverageError(SK), 2.5));
  it('label_ranking_average_precision_score = (1/2 + 1/3) / 2 = 0.41666...', () =>
    close(labelRankingAveragePrecisionScore(SK), 5 / 12));
  // Row 0: irrelevant 1 >= 0.75 (1 of 2 pairs); row 1: both irrelevant >= 0.1 (2 of 2).
  it('label_ranking_loss = (1/2 + 1) / 2 = 0.75', () => close(labelRankingLoss(SK), 0.75));
  // Row 0 argmax = label 2 (irrelevant); row 1 argmax = label 0 (irrelevant).
  it('one_error = 1', () => close(oneError(SK), 1));
});

describe('curve metrics: scikit-learn docstring examples', () => {
  const y = Uint8Array.from([0, 0, 1, 1]);
  const s = Float64Array.from([0.1, 0.4, 0.35, 0.8]);
  // Pairs (pos, neg): (0.35, 0.1) ok, (0.35, 0.4) wrong, (0.8, *) ok -> 3/4.
  it('roc_auc_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.75', () => close(rocAucScore(y, s), 0.75));
  // Thresholds 0.8: P=1, R=1/2; 0.4: P=1/2, R=1/2; 0.35: P=2/3, R=1 -> 1/2 + 1/2 * 2/3.
  it('average_precision_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.8333...', () =>
    close(averagePrecisionScore(y, s), 5 / 6));
  it('accepts Float32Array scores', () => {
    close(rocAucScore(y, Float32Array.from(s)), 0.75);
    close(averagePrecisionScore(y, Float32Array.from(s)), 5 / 6);
  });
});

describe('ties', () => {
  it('ROC AUC counts a tied (positive, negative) pair as 1/2', () => {
    // pos {0.5, 0.8}, neg {0.5, 0.2}: (0.5,0.5) = 1/2, the other three pairs = 1 -> 3.5 / 4.
    close(rocAucScore(Uint8Array.from([0, 1, 0, 1]), Float64Array.from([0.5, 0.5, 0.2, 0.8])), 0.875);
    // All scores equal: every pair tied.
    close(rocAucScore(Uint8Array.from([0, 1, 1, 0]), Float64Array.from([0.3, 0.3, 0.3, 0.3])), 0.5);
    // -0 and +0 are the same score.
    close(rocAucScore(Uint8Array.from([1, 0]), Float64Array.from([-0, 0])), 0.5);
  });

  it('AP treats tied scores as one threshold', () => {
    // y = [1,0,1,0,1], s = [0.9,0.6,0.6,0.6,0.1], P = 3 positives.
    // t=0.9: tp=1 fp=0 -> (1/3) * 1; t=0.6: tp=2 fp=2 -> (1/3) * 2/4; t=0.1: tp=3 fp=2 -> (1/3) * 3/5.
    // AP = 1/3 + 1/6 + 1/5 = 0.7 (breaking the tie positives-first would give 0.8666...).
    close(averagePrecisionScore(Uint8Array.from([1, 0, 1, 0, 1]), Float64Array.from([0.9, 0.6, 0.6, 0.6, 0.1])), 0.7);
  });

  it('LRAP gives tied labels the max rank', () => {
    // Both relevant labels tie with the irrelevant one: rank 3, 2 relevant at >= -> 2/3 each.
    close(labelRankingAveragePrecisionScore(ls([[1, 1, 0]], [[0.5, 0.5, 0.5]])), 2 / 3);
    // Relevant label ties with one irrelevant: rank 2 -> 1/2.
    close(labelRankingAveragePrecisionScore(ls([[1, 0, 0]], [[0.5, 0.5, 0.1]])), 0.5);
  });

  it('ranking loss counts ties as mis-ordered pairs', () => {
    // Pairs (0,1): tie -> wrong; (0,2): right -> 1/2.
    close(labelRankingLoss(ls([[1, 0, 0]], [[0.5, 0.5, 0.1]])), 0.5);
    close(labelRankingLoss(ls([[0, 1, 1, 0]], [[0.2, 0.2, 0.2, 0.2]])), 1);
  });

  it('coverage_error (scikit-learn) counts ties against the model', () => {
    close(coverageError(ls([[1, 0, 0]], [[0.5, 0.5, 0.1]])), 2);
    close(coverageError(ls([[0, 0, 1]], [[0.3, 0.3, 0.3]])), 3);
  });

  it('one_error takes the first index among tied top scores', () => {
    close(oneError(ls([[0, 1, 1]], [[0.7, 0.7, 0.2]])), 1);
    close(oneError(ls([[1, 0, 1]], [[0.7, 0.7, 0.2]])), 0);
  });
});

describe('the authors\' definitions where they differ from scikit-learn', () => {
  // Row 0: nothing predicted (all scores <= 0.5), one relevant label. Row 1: no relevant label,
  // one predicted. Row 2: two relevant, two predicted, one hit.
  const input = ls(
    [
      [1, 0, 0],
      [0, 0, 0],
      [1, 1, 0],
    ],
    [
      [0.3, 0.2, 0.1],
      [0.9, 0.2, 0.1],
      [0.8, 0.1, 0.7],
    ],
  );

  it('example_precision averages over the instances with a predicted label', () => {
    // Rows 1 and 2 predict: 0/1 and 1/2 -> 1/4 (scikit-learn samples: (0 + 0 + 1/2) / 3 = 1/6).
    close(evaluate(input).example_precision, 1 / 4);
  });

  it('example_recall averages over the instances with a relevant label', () => {
    // Rows 0 and 2 have relevant labels: 0/1 and 1/2 -> 1/4 (scikit-learn samples: 1/6).
    close(evaluate(input).example_recall, 1 / 4);
  });

  it('average_precision scores a row without relevant labels 0, scikit-learn LRAP 1', () => {
    // Row 0: relevant label on top -> 1. Row 1: none relevant -> 0 (LRAP: 1). Row 2: labels
    // ordered 0 (rel), 2 (irr), 1 (rel): (1/1 + 2/3) / 2 = 5/6.
    close(samplesAveragePrecision(input), (1 + 0 + 5 / 6) / 3);
    close(evaluate(input).average_precision, (1 + 0 + 5 / 6) / 3);
    close(labelRankingAveragePrecisionScore(input), (1 + 1 + 5 / 6) / 3);
  });

  it('coverage keeps label order among ties; coverage_error counts them against the model', () => {
    // Relevant label 0 tied with label 1: stable position 1 (scikit-learn: 2).
    const tied = ls([[1, 0, 0]], [[0.5, 0.5, 0.1]]);
    close(referenceCoverage(tied), 1);
    close(coverageError(tied), 2);
    // Relevant label 2 tied with all: position 3 either way; relevant label 1 of three tied: 2.
    close(referenceCoverage(ls([[0, 0, 1]], [[0.3, 0.3, 0.3]])), 3);
    close(referenceCoverage(ls([[0, 1, 0]], [[0.3, 0.3, 0.3]])), 2);
    close(coverageError(ls([[0, 1, 0]], [[0.3, 0.3, 0.3]])), 3);
    // Without ties both are the same: the scikit-learn docstring example.
    close(referenceCoverage(SK), 2.5);
  });

  it('the best-epoch criterion counts a tie 1 and divides by every label', () => {
    // l0: pos {0.5}, neg {0.5, 0.2}: both pairs count (a tie counts 1) -> 1 (macro_auc: 3/4).
    // l1: no positive -> 0 in the sum, but still one of the L = 2 labels. -> (1 + 0) / 2.
    const v = ls([[1, 0], [0, 0], [0, 0]], [[0.5, 0.1], [0.5, 0.2], [0.2, 0.3]]);
    close(macroAveragingAuc(v), 1 / 2);
    close(macroRocAuc(v), 3 / 4);
    // No ties, both classes in every label: the same as macro_auc.
    // l0: pos {0.9, 0.4}, neg {0.6, 0.1}: 3/4; l1: pos {0.8, 0.3}, neg {0.7, 0.2}: 3/4.
    const plain = ls([[1, 0], [0, 1], [1, 1], [0, 0]], [[0.9, 0.2], [0.6, 0.8], [0.4, 0.3], [0.1, 0.7]]);
    close(macroAveragingAuc(plain), 3 / 4);
    close(macroRocAuc(plain), 3 / 4);
  });
});

describe('all-zero and all-one rows', () => {
  // Row 0 has no relevant label, row 1 has all three.
  const input = ls(
    [
      [0, 0, 0],
      [1, 1, 1],
    ],
    [
      [0.2, 0.9, 0.4],
      [0.1, 0.3, 0.6],
    ],
  );

  it('gives every metric its documented value', () => {
    // Predictions (> 0.5): row 0 = [0,1,0], row 1 = [0,0,1].
    // Per label: l0 tp0 fp0 fn1 tn1; l1 tp0 fp1 fn1 tn0; l2 tp1 fp0 fn0 tn1.
    // Per row: row 0 hits 0, predicted 1, relevant 0; row 1 hits 1, predicted 1, relevant 3.
    // AUC: l0 pos{0.1} neg{0.2} = 0; l1 pos{0.3} neg{0.9} = 0; l2 pos{0.6} neg{0.4} = 1.
    // Micro AUC: pos {0.1,0.3,0.6} vs neg {0.2,0.9,0.4}: 0 + 1 + 2 correct of 9.
    // AP: l0 = l1 = 1/2 (the positive comes second), l2 = 1. Micro: descending 0.9n 0.6p 0.4n
    // 0.3p 0.2n 0.1p, precision 1/2 at each positive -> 1/2.
    expectMetrics(evaluate(input), {
      macro_precision: 1 / 3,
      macro_recall: 1 / 3,
      macro_f1: 1 / 3,
      micro_precision: 1 / 2,
      micro_recall: 1 / 3,
      micro_f1: 2 / 5,
      macro_acc: 1 / 2,
      micro_acc: 1 / 2,
      hamming_loss: 1 / 2,
      subset_accuracy: 0,
      example_precision: (0 + 1) / 2, // both rows predict a label
      example_recall: 1 / 3, // row 0 has no relevant label: left out of the mean
      jaccard_index: (0 + 1 / 3) / 2,
      macro_auc: 1 / 3,
      micro_auc: 1 / 3,
      macro_aupr: 2 / 3,
      micro_aupr: 1 / 2,
      average_precision: (0 + 1) / 2, // no relevant -> 0; all relevant -> 1
      ranking_loss: 0, // both rows score 0
      coverage: (0 + 3) / 2, // no relevant -> 0; all relevant -> L
      one_error: (1 + 0) / 2, // row 0 has no relevant label -> error; row 1 argmax (0.6) relevant
    });
  });

  it('matches the per-row definitions of the ranking metrics', () => {
    expect(rankingMetrics(input)).toEqual({ average_precision: 0.5, ranking_loss: 0, coverage: 1.5, one_error: 0.5 });
  });
});

describe('labels with only one class', () => {
  it('are left out of macro_auc and get AP 0 (no positive) or 1 (no negative)', () => {
    // l0 never relevant: excluded from macro AUC, AP 0 (included in macro AUPR).
    // l1: pos {0.8, 0.3}, neg {0.6}: AUC 1/2; AP: 0.8 -> 1/2 * 1, 0.3 -> 1/2 * 2/3 = 5/6.
    const input = ls(
      [
        [0, 1],
        [0, 1],
        [0, 0],
      ],
      [
        [0.9, 0.8],
        [0.1, 0.3],
        [0.5, 0.6],
      ],
    );
    close(macroRocAuc(input), 0.5);
    close(macroAveragePrecision(input), (0 + 5 / 6) / 2);
    // Micro: pos {0.8, 0.3} vs neg {0.9, 0.1, 0.5, 0.6}: 3 + 1 of 8 pairs.
    close(microRocAuc(input), 0.5);
    // Micro AP: 0.9n, 0.8p (P 1/2), 0.6n, 0.5n, 0.3p (P 2/5) -> 1/2 * 1/2 + 1/2 * 2/5.
    close(microAveragePrecision(input), 0.45);

    // l0 always relevant: excluded from macro AUC, AP 1.
    const allOnes = ls(
      [
        [1, 0],
        [1, 1],
        [1, 0],
      ],
      [
        [0.9, 0.2],
        [0.8, 0.7],
        [0.3, 0.4],
      ],
    );
    close(macroRocAuc(allOnes), 1);
    close(macroAveragePrecision(allOnes), 1);
  });

  it('gives NaN AUCs when no label has both classes, and AP 0 / 1', () => {
    const zeros = ls([[0, 0], [0, 0]], [[0.1, 0.9], [0.4, 0.6]]);
    expectMetrics(evaluate(zeros), { macro_auc: NaN, micro_auc: NaN, macro_aupr: 0, micro_aupr: 0 });
    const ones = ls([[1, 1], [1, 1]], [[0.1, 0.9], [0.4, 0.6]]);
    expectMetrics(evaluate(ones), { macro_auc: NaN, micro_auc: NaN, macro_aupr: 1, micro_aupr: 1 });
    expect(rocAucScore(Uint8Array.from([1, 1]), Float64Array.from([0.2, 0.3]))).toBeNaN();
    close(averagePrecisionScore(Uint8Array.from([0, 0]), Float64Array.from([0.2, 0.3])), 0);
    // Mixed: micro AUC defined though no single label has both classes.
    const mixed = ls([[1, 0], [1, 0]], [[0.1, 0.9], [0.4, 0.6]]);
    expect(macroRocAuc(mixed)).toBeNaN();
    close(microRocAuc(mixed), 0);
  });
});

describe('zero_division = 0', () => {
  it('scores ill-defined ratios 0 when nothing is predicted', () => {
    // Nothing predicted: precision ill-defined everywhere; row 1 has nothing relevant either.
    const input = ls([[1, 0], [0, 0]], [[0.1, 0.2], [0.3, 0.4]]);
    expectMetrics(evaluate(input), {
      macro_precision: 0,
      micro_precision: 0,
      macro_recall: 0, // l0 0/1, l1 ill-defined -> 0
      micro_recall: 0,
      macro_f1: 0, // l0 0/(0+0+1), l1 tp+fp+fn = 0 -> 0
      micro_f1: 0,
      example_precision: 0, // no row predicts a label
      example_recall: 0, // row 0 0/1; row 1 has no relevant label and is left out
      jaccard_index: 0, // row 0 0/1, row 1 empty union -> 0
      subset_accuracy: 1 / 2, // row 1 exactly right
      hamming_loss: 1 / 4,
    });
  });

  it('scores an all-empty truth and prediction 0 for F1 and Jaccard but 1 for subset accuracy', () => {
    const input = ls([[0, 0, 0]], [[0, 0.1, 0.49]]);
    expectMetrics(evaluate(input), {
      macro_f1: 0,
      micro_f1: 0,
      macro_precision: 0,
      macro_recall: 0,
      jaccard_index: 0,
      example_precision: 0,
      example_recall: 0,
      subset_accuracy: 1,
      hamming_loss: 0,
      macro_acc: 1,
      micro_acc: 1,
      one_error: 1,
      coverage: 0,
      average_precision: 0,
      ranking_loss: 0,
    });
  });
});

describe('perfect and worst predictions', () => {
  // Every label has both classes; every row has a relevant and an irrelevant label.
  const y = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
    [1, 1, 0],
  ];

  it('perfect scores', () => {
    const input = ls(y, y.map((r) => r.map((v) => (v ? 0.9 : 0.1))));
    const m = evaluate(input);
    for (const name of METRIC_NAMES) {
      if (name === 'coverage') close(m[name], (1 + 1 + 1 + 2) / 4); // = mean label cardinality
      else close(m[name], LOWER_IS_BETTER.has(name) ? 0 : 1);
    }
  });

  it('worst scores', () => {
    const input = ls(y, y.map((r) => r.map((v) => (v ? 0 : 1))));
    // AP: l0, l1: 2 negatives above 2 positives -> 2/4; l2: 3 negatives above 1 positive -> 1/4.
    // Micro AP: 7 negatives above 5 positives -> 5/12.
    // LRAP: one relevant at the bottom of 3 -> 1/3 (rows 0-2); row 3: both relevant at rank 3 -> 2/3.
    expectMetrics(evaluate(input), {
      macro_f1: 0, micro_f1: 0, macro_precision: 0, micro_precision: 0, macro_recall: 0, micro_recall: 0,
      macro_acc: 0, micro_acc: 0, hamming_loss: 1, subset_accuracy: 0, example_precision: 0,
      example_recall: 0, jaccard_index: 0, macro_auc: 0, micro_auc: 0,
      macro_aupr: (0.5 + 0.5 + 0.25) / 3, micro_aupr: 5 / 12,
      average_precision: (1 / 3 + 1 / 3 + 1 / 3 + 2 / 3) / 4, ranking_loss: 1, coverage: 3, one_error: 1,
    });
  });
});

describe('threshold', () => {
  it('a score of exactly 0.5 is NOT a positive prediction (np.round), just above is', () => {
    // scikit-learn users' p >= 0.5 would predict the first label too.
    const input = ls([[1, 1]], [[0.5, 0.50000006]], true);
    const c = labelConfusion(input);
    expect([...c.tp]).toEqual([0, 1]);
    expect([...c.fn]).toEqual([1, 0]);
    expect([...c.fp]).toEqual([0, 0]);
    expect([...c.tn]).toEqual([0, 0]);
    close(bipartitionMetrics(input).micro_recall, 0.5);
    close(evaluate(ls([[0]], [[0.5]])).hamming_loss, 0); // not predicted, not relevant
    close(evaluate(ls([[1]], [[0.5]])).hamming_loss, 1); // relevant, missed
  });

  it('honours a custom threshold (exclusive)', () => {
    const input = ls([[1, 0, 1]], [[0.7, 0.6, 0.65]]);
    close(evaluate(input, { threshold: 0.65 }).micro_recall, 0.5);
    close(evaluate(input, { threshold: 0.6 }).micro_precision, 1);
    close(evaluate(input, { threshold: 0.59 }).micro_precision, 2 / 3);
    close(bipartitionMetrics(input, 0.64).micro_f1, 1);
  });
});

describe('input validation', () => {
  const good = () => ({ rows: 3, cols: 4, yTrue: new Uint8Array(12), scores: new Float32Array(12) });
  const cases: [string, LabelScores, string][] = [
    ['rows 0', { ...good(), rows: 0 }, 'rows must be an integer >= 1, got 0'],
    ['cols 0', { ...good(), cols: 0 }, 'cols must be an integer >= 1, got 0'],
    ['cols 1.5', { ...good(), cols: 1.5 }, 'cols must be an integer >= 1, got 1.5'],
    ['short yTrue', { ...good(), yTrue: new Uint8Array(10) }, 'yTrue has 10 entries but rows*cols = 12'],
    ['long scores', { ...good(), scores: new Float64Array(13) }, 'scores has 13 entries but rows*cols = 12'],
    [
      'yTrue 2',
      { ...good(), yTrue: Uint8Array.from([0, 1, 0, 0, 1, 0, 2, 0, 0, 0, 0, 3]) },
      'yTrue must be 0 or 1, got 2 at row 1, column 2',
    ],
    [
      'NaN score',
      { ...good(), scores: Float32Array.from([0, 0, NaN, 0, 0, 0, 0, 0, 0, 0, 0, NaN]) },
      'scores is NaN at row 0, column 2',
    ],
    [
      'plain array yTrue',
      { ...good(), yTrue: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] as unknown as Uint8Array },
      'yTrue must be a Uint8Array, got Array',
    ],
    [
      'Int32Array scores',
      { ...good(), scores: new Int32Array(12) as unknown as Float32Array },
      'scores must be a Float32Array or Float64Array, got Int32Array',
    ],
  ];
  for (const [what, input, message] of cases) {
    it(`${what}: "${message}"`, () => {
      for (const f of [evaluate, bipartitionMetrics, rankingMetrics, curveMetrics, macroRocAuc, coverageError]) {
        expect(() => f(input)).toThrowError(new Error(message));
      }
    });
  }

  it('rejects a NaN or infinite threshold', () => {
    expect(() => evaluate(good(), { threshold: NaN })).toThrowError(new Error('threshold must be a finite number, got NaN'));
    expect(() => bipartitionMetrics(good(), Infinity)).toThrowError(
      new Error('threshold must be a finite number, got Infinity'),
    );
  });

  it('validates the binary functions as one column', () => {
    expect(() => rocAucScore(Uint8Array.from([0, 1]), Float64Array.from([0.1]))).toThrowError(
      new Error('scores has 1 entries but rows*cols = 2'),
    );
    expect(() => averagePrecisionScore(new Uint8Array(0), new Float64Array(0))).toThrowError(
      new Error('rows must be an integer >= 1, got 0'),
    );
  });

  it('accepts infinite scores', () => {
    const input = ls([[1, 0, 0]], [[Infinity, -Infinity, 0]]);
    expectMetrics(evaluate(input), { average_precision: 1, ranking_loss: 0, coverage: 1, one_error: 0, micro_auc: 1 });
  });
});

// ---------------------------------------------------------------------------------------------
// Naive references, straight from the definitions (O(L^2) per row, O(n^2) per column).

function rowsOf(input: LabelScores): { y: number[][]; s: number[][] } {
  const y: number[][] = [];
  const s: number[][] = [];
  for (let i = 0; i < input.rows; i++) {
    y.push([...input.yTrue.subarray(i * input.cols, (i + 1) * input.cols)]);
    s.push([...input.scores.subarray(i * input.cols, (i + 1) * input.cols)]);
  }
  return { y, s };
}

function naiveRanking(input: LabelScores) {
  const { y, s } = rowsOf(input);
  let lrap = 0;
  let loss = 0;
  let coverage = 0;
  let oneErr = 0;
  const L = input.cols;
  for (let i = 0; i < input.rows; i++) {
    const yi = y[i]!;
    const si = s[i]!;
    const rel = yi.flatMap((v, j) => (v ? [j] : []));
    const irr = yi.flatMap((v, j) => (v ? [] : [j]));
    let top = 0;
    for (let j = 1; j < L; j++) if (si[j]! > si[top]!) top = j;
    if (!yi[top]) oneErr++;
    if (rel.length === 0) lrap += 0; // average_precision_score of a row without positives
    else if (irr.length === 0) lrap += 1;
    else {
      let sum = 0;
      for (const j of rel) {
        const rank = si.filter((v) => v >= si[j]!).length;
        const relAbove = rel.filter((k) => si[k]! >= si[j]!).length;
        sum += relAbove / rank;
      }
      lrap += sum / rel.length;
      let bad = 0;
      for (const j of rel) for (const k of irr) if (si[k]! >= si[j]!) bad++;
      loss += bad / (rel.length * irr.length);
    }
    // The position in a stable descending sort (ties keep label order), 1-indexed.
    const order = si.map((_, j) => j).sort((a, b) => (si[a]! > si[b]! ? -1 : si[a]! < si[b]! ? 1 : a - b));
    let cov = 0;
    for (const j of rel) cov = Math.max(cov, order.indexOf(j) + 1);
    coverage += cov;
  }
  const n = input.rows;
  return { average_precision: lrap / n, ranking_loss: loss / n, coverage: coverage / n, one_error: oneErr / n };
}

function naiveAuc(y: number[], s: number[]): number {
  let num = 0;
  let pairs = 0;
  for (let a = 0; a < y.length; a++) {
    if (!y[a]) continue;
    for (let b = 0; b < y.length; b++) {
      if (y[b]) continue;
      pairs++;
      num += s[a]! > s[b]! ? 1 : s[a] === s[b] ? 0.5 : 0;
    }
  }
  return pairs === 0 ? NaN : num / pairs;
}

function naiveAp(y: number[], s: number[]): number {
  const P = y.filter((v) => v).length;
  if (P === 0) return 0;
  const thresholds = [...new Set(s.map((v) => (v === 0 ? 0 : v)))].sort((a, b) => b - a);
  let ap = 0;
  let prevRecall = 0;
  for (const t of thresholds) {
    let tp = 0;
    let fp = 0;
    for (let k = 0; k < y.length; k++) if (s[k]! >= t) y[k] ? tp++ : fp++;
    const recall = tp / P;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return ap;
}

function naiveCurves(input: LabelScores) {
  const { y, s } = rowsOf(input);
  let aucSum = 0;
  let aucCount = 0;
  let apSum = 0;
  for (let j = 0; j < input.cols; j++) {
    const yj = y.map((r) => r[j]!);
    const sj = s.map((r) => r[j]!);
    const auc = naiveAuc(yj, sj);
    if (!Number.isNaN(auc)) {
      aucSum += auc;
      aucCount++;
    }
    apSum += naiveAp(yj, sj);
  }
  return {
    macro_auc: aucCount ? aucSum / aucCount : NaN,
    micro_auc: naiveAuc(y.flat(), s.flat()),
    macro_aupr: apSum / input.cols,
    micro_aupr: naiveAp(y.flat(), s.flat()),
  };
}

function naiveBipartition(input: LabelScores, threshold: number) {
  let TP = 0;
  let FP = 0;
  let FN = 0;
  let TN = 0;
  const n = input.rows * input.cols;
  for (let k = 0; k < n; k++) {
    const t = input.yTrue[k] === 1;
    const p = input.scores[k]! > threshold;
    if (t && p) TP++;
    else if (p) FP++;
    else if (t) FN++;
    else TN++;
  }
  const d = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    micro_precision: d(TP, TP + FP),
    micro_recall: d(TP, TP + FN),
    micro_f1: d(2 * d(TP, TP + FP) * d(TP, TP + FN), d(TP, TP + FP) + d(TP, TP + FN)),
    micro_acc: (TP + TN) / n,
    hamming_loss: (FP + FN) / n,
  };
}

/** Random multi-label data with many ties, rows or columns that are all 0 or all 1, and odd scores. */
function randomInput(random: Random, f32: boolean, shape?: { rows: number; cols: number }): LabelScores {
  const rows = shape?.rows ?? 1 + Math.floor(random() * 30);
  const cols = shape?.cols ?? 1 + Math.floor(random() * 12);
  const density = random();
  const levels = 1 + Math.floor(random() * 6); // few distinct values -> many ties
  const continuous = random() < 0.25;
  const signed = random() < 0.2;
  const yTrue = new Uint8Array(rows * cols);
  const scores = f32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let k = 0; k < rows * cols; k++) {
    yTrue[k] = random() < density ? 1 : 0;
    let v = continuous ? random() : Math.floor(random() * (levels + 1)) / levels;
    if (signed) v = (v - 0.5) * 7;
    if (random() < 0.02) v = random() < 0.5 ? -0 : Infinity;
    scores[k] = v;
  }
  if (rows > 2 && random() < 0.5) yTrue.fill(1, 0, cols); // an all-one row
  if (rows > 2 && random() < 0.5) yTrue.fill(0, cols, 2 * cols); // an all-zero row
  return { rows, cols, yTrue, scores };
}

describe('randomized consistency', () => {
  it('the fast metrics equal the naive definitions (ties, Float32 and Float64)', () => {
    const random = seededRandom(20240611);
    for (let trial = 0; trial < 300; trial++) {
      const shape =
        trial % 25 === 0 ? { rows: 60 + (trial % 7), cols: 3 } : trial % 25 === 1 ? { rows: 4, cols: 130 } : undefined;
      const input = randomInput(random, trial % 2 === 0, shape);
      const m = evaluate(input);
      const expected = { ...naiveRanking(input), ...naiveCurves(input), ...naiveBipartition(input, 0.5) };
      for (const [name, value] of Object.entries(expected)) {
        const got = m[name as keyof MetricValues];
        if (Number.isNaN(value)) expect(got, `${name} (trial ${trial})`).toBeNaN();
        else expect(got, `${name} (trial ${trial})`).toBeCloseTo(value, 10);
      }
    }
  });

  it('macro_acc = micro_acc = 1 - hamming_loss; micro curves = the ravelled binary curves', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 100; trial++) {
      const input = randomInput(random, trial % 2 === 1);
      const threshold = random();
      const m = evaluate(input, { threshold });
      close(m.macro_acc, m.micro_acc);
      close(m.micro_acc, 1 - m.hamming_loss);
      close(m.micro_f1, naiveBipartition(input, threshold).micro_f1);
      const auc = rocAucScore(input.yTrue, input.scores);
      if (Number.isNaN(auc)) expect(m.micro_auc).toBeNaN();
      else close(m.micro_auc, auc);
      close(m.micro_aupr, averagePrecisionScore(input.yTrue, input.scores));
      // Macro metrics from the per-label confusion counts.
      const c = labelConfusion(input, threshold);
      let f1 = 0;
      for (let j = 0; j < input.cols; j++) {
        const den = 2 * c.tp[j]! + c.fp[j]! + c.fn[j]!;
        f1 += den === 0 ? 0 : (2 * c.tp[j]!) / den;
        expect(c.tp[j]! + c.fp[j]! + c.fn[j]! + c.tn[j]!).toBe(input.rows);
      }
      close(m.macro_f1, f1 / input.cols);
    }
  });

  it('example-based metrics equal their per-row definitions', () => {
    const random = seededRandom(99);
    for (let trial = 0; trial < 50; trial++) {
      const input = randomInput(random, false);
      const { y, s } = rowsOf(input);
      let prec = 0;
      let precRows = 0;
      let rec = 0;
      let recRows = 0;
      let jac = 0;
      let exact = 0;
      for (let i = 0; i < input.rows; i++) {
        const t = y[i]!;
        const p = s[i]!.map((v) => (v > 0.5 ? 1 : 0));
        const inter = t.filter((v, j) => v && p[j]).length;
        const nt = t.filter((v) => v).length;
        const np = p.filter((v) => v).length;
        if (np) {
          prec += inter / np;
          precRows++;
        }
        if (nt) {
          rec += inter / nt;
          recRows++;
        }
        jac += nt + np - inter ? inter / (nt + np - inter) : 0;
        exact += t.every((v, j) => v === p[j]) ? 1 : 0;
      }
      expectMetrics(evaluate(input), {
        example_precision: precRows ? prec / precRows : 0,
        example_recall: recRows ? rec / recRows : 0,
        jaccard_index: jac / input.rows,
        subset_accuracy: exact / input.rows,
      });
    }
  });
});

describe('radix sort', () => {
  it('sorts like the native numeric sort (negatives, -0, infinities, subnormals, ties)', () => {
    const random = seededRandom(3);
    const special = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, 1e-40, -1e-40, 1, -1, 0.5];
    const scratch = new SortScratch();
    for (const n of [0, 1, 5, 47, 48, 49, 200, 5000]) {
      const a = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const r = random();
        a[k] = r < 0.3 ? special[Math.floor(random() * special.length)]! : r < 0.6 ? Math.round(random() * 8) - 4 : (random() - 0.5) * 1e6;
      }
      const b = Float32Array.from(a);
      const expected64 = [...a].sort((x, y) => x - y);
      const expected32 = [...b].sort((x, y) => x - y);
      // -0 and +0 compare equal, which is all the metrics need.
      expect([...sortFloat64(a, scratch)].map((v) => v + 0)).toEqual(expected64.map((v) => v + 0));
      expect([...sortFloat32(b, scratch)].map((v) => v + 0)).toEqual(expected32.map((v) => v + 0));
    }
  });
});

describe('scale', () => {
  it('evaluates delicious-sized data (3,185 x 983) fast', () => {
    const random = seededRandom(1);
    const rows = 3185;
    const cols = 983;
    const yTrue = new Uint8Array(rows * cols);
    const scores = new Float32Array(rows * cols);
    for (let k = 0; k < rows * cols; k++) {
      yTrue[k] = random() < 0.02 ? 1 : 0;
      scores[k] = Math.round(random() * 1000) / 1000;
    }
    const t0 = performance.now();
    const m = evaluate({ rows, cols, yTrue, scores });
    const ms = performance.now() - t0;
    for (const name of METRIC_NAMES) expect(Number.isFinite(m[name]), name).toBe(true);
    close(m.micro_auc, 0.5, 1);
    // Typically ~0.4 s; the bound only catches a lost O(n log n) (an O(L^2) ranking takes many seconds).
    expect(ms).toBeLessThan(2500);
  });
});
