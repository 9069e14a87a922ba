import { describe, expect, it } from 'vitest';
import { iterativeStratification, kFoldSplits, validationHoldout } from '../../src/data/stratify';
import { syntheticDataset } from '../../src/data/synthetic';
import { seededRandom, shuffleInPlace } from '../../src/util/random';

function foldSizes(foldOf: Int32Array, folds: number): number[] {
  const sizes = new Array<number>(folds).fill(0);
  for (const f of foldOf) sizes[f]!++;
  return sizes;
}

/** counts[l][f] = positives of label l in fold f. */
function labelCounts(labels: Uint8Array, rows: number, cols: number, foldOf: Int32Array, folds: number): number[][] {
  const counts = Array.from({ length: cols }, () => new Array<number>(folds).fill(0));
  for (let r = 0; r < rows; r++) {
    for (let l = 0; l < cols; l++) if (labels[r * cols + l]) counts[l]![foldOf[r]!]!++;
  }
  return counts;
}

/**
 * Label Distribution (LD) of Sechidis et al. 2011: the mean over labels and folds of
 * |D_f^l / (|D_f| - D_f^l) - D^l / (|D| - D^l)| (positive-to-negative ratios); lower is better.
 */
function labelDistribution(labels: Uint8Array, rows: number, cols: number, foldOf: Int32Array, folds: number): number {
  const sizes = foldSizes(foldOf, folds);
  const counts = labelCounts(labels, rows, cols, foldOf, folds);
  let ld = 0;
  for (let l = 0; l < cols; l++) {
    const total = counts[l]!.reduce((a, b) => a + b, 0);
    const ratio = total / (rows - total);
    for (let f = 0; f < folds; f++) {
      const c = counts[l]![f]!;
      ld += Math.abs(c / (sizes[f]! - c) - ratio) / folds;
    }
  }
  return ld / cols;
}

function randomSplit(rows: number, folds: number, seed: number): Int32Array {
  const foldOf = Int32Array.from({ length: rows }, (_, i) => i % folds);
  return shuffleInPlace(foldOf, seededRandom(seed));
}

describe('iterativeStratification', () => {
  // Real-ish multi-label matrix: correlated, long-tailed labels, ~2 labels per instance.
  const data = syntheticDataset({ instances: 1000, features: 4, labels: 20, cardinality: 2, seed: 7 });
  const { labels, numInstances: rows, numLabels: cols } = data;
  const folds = 5;
  const foldOf = iterativeStratification(labels, rows, cols, folds, 55);

  it('puts every row in exactly one fold, fold sizes close to n / k', () => {
    expect(foldOf.length).toBe(rows);
    for (const f of foldOf) expect(f >= 0 && f < folds).toBe(true);
    const splits = kFoldSplits(foldOf, folds);
    const seen = new Int32Array(rows);
    for (const { test } of splits) for (const r of test) seen[r] = seen[r]! + 1;
    expect([...seen].every((c) => c === 1)).toBe(true);
    // Label balance comes first, so sizes are only approximately equal.
    for (const size of foldSizes(foldOf, folds)) expect(Math.abs(size - rows / folds)).toBeLessThanOrEqual(0.1 * (rows / folds));
  });

  it('keeps per-label positives per fold within +-1 of the ideal for labels with >= k positives', () => {
    const counts = labelCounts(labels, rows, cols, foldOf, folds);
    let eligible = 0;
    for (const perFold of counts) {
      const total = perFold.reduce((a, b) => a + b, 0);
      if (total < folds) continue;
      eligible++;
      for (const c of perFold) expect(Math.abs(c - total / folds)).toBeLessThanOrEqual(1);
    }
    expect(eligible).toBe(cols);
  });

  it('beats a random split on label-distribution discrepancy (LD) on correlated data', () => {
    const dense = syntheticDataset({ instances: 3000, features: 4, labels: 50, cardinality: 4, seed: 11 });
    const n = dense.numInstances;
    const L = dense.numLabels;
    for (const seed of [1, 2, 3]) {
      const stratified = labelDistribution(dense.labels, n, L, iterativeStratification(dense.labels, n, L, folds, seed), folds);
      const random = labelDistribution(dense.labels, n, L, randomSplit(n, folds, seed), folds);
      expect(stratified).toBeLessThan(0.5 * random);
    }
    // Also on the sparser matrix.
    expect(labelDistribution(labels, rows, cols, foldOf, folds)).toBeLessThan(
      0.5 * labelDistribution(labels, rows, cols, randomSplit(rows, folds, 55), folds),
    );
  });

  it('is deterministic for a seed and differs for another seed', () => {
    expect(iterativeStratification(labels, rows, cols, folds, 55)).toEqual(foldOf);
    const other = iterativeStratification(labels, rows, cols, folds, 56);
    let differ = 0;
    for (let r = 0; r < rows; r++) if (other[r] !== foldOf[r]) differ++;
    expect(differ).toBeGreaterThan(rows / 10);
  });

  it('still assigns rows without labels, spreading them over the folds', () => {
    const n = 100;
    const L = 3;
    const y = new Uint8Array(n * L);
    // Rows 0..29 carry labels, rows 30..99 carry none.
    for (let r = 0; r < 30; r++) y[r * L + (r % L)] = 1;
    const f = iterativeStratification(y, n, L, 4, 3);
    expect(foldSizes(f, 4)).toEqual([25, 25, 25, 25]);
    const counts = labelCounts(y, n, L, f, 4);
    for (const perFold of counts) for (const c of perFold) expect(Math.abs(c - 10 / 4)).toBeLessThanOrEqual(1);
  });

  it('matches a hand-checked tiny example', () => {
    // rows: r0 [1,0], r1 [1,0], r2 [1,1], r3 [0,1], r4 [0,0], r5 [0,0]; 2 folds.
    // Scaled desired counts (x k): fold 6,6; label0 3,3; label1 2,2.
    // Label 1 goes first (2 positives < 3). r2: all tied -> random fold A; fold A 4, label0 A 1,
    // label1 A 0. r3: label1 A 0 < B 2 -> B. Label 0 has r0, r1 left: r0: label0 A 1 < B 3 -> B;
    // r1: label0 tie 1,1, fold A 4 > B 2 -> A. r4, r5: fold sizes tied 2,2 -> one in each fold.
    const y = Uint8Array.from([1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0, 0]);
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const f = iterativeStratification(y, 6, 2, 2, seed);
      expect(f[1]).toBe(f[2]);
      expect(f[0]).toBe(f[3]);
      expect(f[0]).not.toBe(f[2]);
      expect(f[4]).not.toBe(f[5]);
    }
    // Three rows, three folds, one label each: one row per fold.
    const f3 = iterativeStratification(Uint8Array.from([1, 1, 1]), 3, 1, 3, 9);
    expect([...f3].sort()).toEqual([0, 1, 2]);
  });

  it('rejects bad arguments with exact messages', () => {
    const y = new Uint8Array(6);
    expect(() => iterativeStratification(y, 3, 2, 5, 0)).toThrow('cannot make 5 folds from 3 instances');
    expect(() => iterativeStratification(y, 3, 2, 1, 0)).toThrow('folds must be an integer >= 2, got 1');
    expect(() => iterativeStratification(y, 3, 2, 2.5, 0)).toThrow('folds must be an integer >= 2, got 2.5');
    expect(() => iterativeStratification(y, 4, 2, 2, 0)).toThrow(
      'labels has length 6, expected rows x cols = 4 x 2 = 8',
    );
  });
});

describe('kFoldSplits', () => {
  it('returns ascending, disjoint train/test sets covering all rows', () => {
    const foldOf = Int32Array.from([2, 0, 1, 0, 2, 1, 1]);
    const splits = kFoldSplits(foldOf, 3);
    expect(splits.map((s) => [...s.test])).toEqual([[1, 3], [2, 5, 6], [0, 4]]);
    expect([...splits[0]!.train]).toEqual([0, 2, 4, 5, 6]);
    for (const { train, test } of splits) expect(train.length + test.length).toBe(7);
  });

  it('rejects out-of-range folds', () => {
    expect(() => kFoldSplits(Int32Array.from([0, 3]), 3)).toThrow('row 1 has fold 3, expected 0..2');
    expect(() => kFoldSplits(Int32Array.from([0]), 1)).toThrow('folds must be an integer >= 2, got 1');
  });
});

describe('validationHoldout', () => {
  const indices = Int32Array.from({ length: 200 }, (_, i) => 3 * i + 1);

  it('holds out round(fraction * n) rows; disjoint, sorted, union = input', () => {
    const { train, validation } = validationHoldout(indices, 0.1, 55);
    expect(validation.length).toBe(20);
    expect(train.length).toBe(180);
    const isSorted = (a: Int32Array) => a.every((v, i) => i === 0 || a[i - 1]! < v);
    expect(isSorted(train) && isSorted(validation)).toBe(true);
    const trainSet = new Set(train);
    expect(validation.some((v) => trainSet.has(v))).toBe(false);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual([...indices]);
  });

  it('is deterministic for a seed and differs for another', () => {
    const a = validationHoldout(indices, 0.1, 55);
    expect(validationHoldout(indices, 0.1, 55)).toEqual(a);
    expect([...validationHoldout(indices, 0.1, 56).validation]).not.toEqual([...a.validation]);
  });

  it('keeps at least one and never all rows', () => {
    const two = Int32Array.from([5, 9]);
    expect(validationHoldout(two, 0.01, 1).validation.length).toBe(1);
    expect(validationHoldout(two, 0.99, 1).validation.length).toBe(1);
    expect(validationHoldout(two, 0.99, 1).train.length).toBe(1);
    expect(validationHoldout(Int32Array.from([4]), 0.5, 1)).toEqual({
      train: Int32Array.from([4]),
      validation: new Int32Array(0),
    });
  });

  it('rejects fractions outside (0, 1)', () => {
    for (const fraction of [0, 1, -0.1, 1.5, Number.NaN]) {
      expect(() => validationHoldout(indices, fraction, 1)).toThrow(`validation fraction must be in (0, 1), got ${fraction}`);
    }
  });
});
