import { describe, expect, it } from 'vitest';
import { applyProtocol, remapRows } from '../../src/data/protocol';
import { prepareDataset } from '../../src/data/prepare';
import { BUNDLED_DATA_DIR, locateDataset, referenceFeatureFraction } from '../../src/data/registry';
import type { MultiLabelData } from '../../src/data/types';
import { SHARED_DATASETS } from './shared-datasets';

/** 30 instances; label a has 25 positives, b 20 (dropped at <= 20), c none. */
function fixture(): MultiLabelData {
  const n = 30;
  const labels = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    labels[i * 3] = i < 25 ? 1 : 0;
    labels[i * 3 + 1] = i >= 10 ? 1 : 0;
  }
  const features = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    features[i * 3] = i; // 0..29
    features[i * 3 + 1] = 7; // constant
    features[i * 3 + 2] = i < 15 ? -1 : 1;
  }
  return { name: 'fixture', numInstances: n, numFeatures: 3, numLabels: 3, features, labels, featureNames: ['x', 'k', 'z'], labelNames: ['a', 'b', 'c'] };
}

describe('reference protocol', () => {
  it('drops labels with at most 20 positives, then instances without labels, and reports both', () => {
    const { data, keptRows, report } = applyProtocol(fixture());
    expect(data.labelNames).toEqual(['a']);
    expect(report.droppedLabels).toEqual([
      { name: 'b', positives: 20 },
      { name: 'c', positives: 0 },
    ]);
    // Rows 25..29 only had label b: they go.
    expect(report.droppedInstances).toBe(5);
    expect(report.droppedInstanceExamples).toEqual([25, 26, 27, 28, 29]);
    expect(Array.from(keptRows)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(data.numInstances).toBe(25);
  });

  it('min-max scales with the min and max of all rows; a constant column becomes 0', () => {
    const { data, report } = applyProtocol(fixture());
    // Row 24: x = 24 of 0..29 -> 24/29; k constant -> 0; z = 1 of -1..1 -> 1.
    expect(data.features[24 * 3]).toBeCloseTo(24 / 29, 6);
    expect(data.features[24 * 3 + 1]).toBe(0);
    expect(data.features[24 * 3 + 2]).toBe(1);
    expect(report.constantFeatures).toBe(1);
  });

  it('keeps the top fraction of features by column sum, in their original order', () => {
    // Scaled sums over the 25 kept rows: x = sum(0..24)/29 = 10.34, k = 0, z = 10 (rows 15..24).
    const { data, report } = applyProtocol(fixture(), { topFeatureFraction: 0.5 });
    expect(data.featureNames).toEqual(['x', 'z']);
    expect(report).toMatchObject({ keptFeatures: 2, droppedFeatures: 1, topFeatureFraction: 0.5 });
    const one = applyProtocol(fixture(), { topFeatureFraction: 0.2 });
    expect(one.data.featureNames).toEqual(['x']);
  });

  it('rejects settings that leave nothing, with clear errors', () => {
    expect(() => applyProtocol(fixture(), { minPositives: 30 })).toThrow("dataset 'fixture': every label has at most 30 positives; nothing is left to learn (lower --min-positives, now 30)");
    expect(() => applyProtocol(fixture(), { topFeatureFraction: 0 })).toThrow('topFeatureFraction must be in (0, 1], got 0');
  });

  it('maps original row indices to kept rows', () => {
    expect(Array.from(remapRows(Int32Array.from([0, 3, 5, 9]), Int32Array.from([1, 3, 4, 5])))).toEqual([1, 3]);
  });
});

describe('dataset registry and preparation', () => {
  it('finds the bundled yeast with its official split', async () => {
    const files = locateDataset('yeast', { env: {} });
    expect(files.dir).toBe(`${BUNDLED_DATA_DIR}yeast`);
    const prepared = await prepareDataset('yeast', { env: {} });
    expect(prepared.train.length + prepared.validation.length).toBe(1500);
    expect(prepared.validation.length).toBe(150);
    expect(prepared.test.length).toBe(917);
    expect(prepared.data.numLabels).toBe(14);
  });

  it('says where it looked and where MULAN data comes from when a name is unknown', () => {
    expect(() => locateDataset('no-such-set', { dataDir: '/nonexistent-dir', env: {} })).toThrow(
      `dataset 'no-such-set' not found: looked in /nonexistent-dir (missing), ${BUNDLED_DATA_DIR}no-such-set. MULAN multi-label datasets (ARFF + labels XML) are at http://mulan.sourceforge.net/datasets-mlc.html; put each in a folder named after it and pass --data-dir (or set D2ACE_DATA_DIR).`,
    );
  });

  it('takes a file path with the labels XML beside it', () => {
    const files = locateDataset(`${SHARED_DATASETS}/birds/birds-train.arff`);
    expect(files.full).toMatch(/birds-train\.arff$/);
    expect(files.xml).toMatch(/birds\.xml$/);
  });

  it('cv splits are deterministic for a seed and cover every instance once', async () => {
    const a = await prepareDataset('cal500', { dataDir: SHARED_DATASETS, split: { kind: 'cv', folds: 5, fold: 2 } });
    const b = await prepareDataset('cal500', { dataDir: SHARED_DATASETS, split: { kind: 'cv', folds: 5, fold: 2 } });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(a.split).toMatchObject({ kind: 'cv', folds: 5, fold: 2, seed: 55 });
    const all = new Set([...a.train, ...a.validation, ...a.test]);
    expect(all.size).toBe(a.data.numInstances);
    expect(a.protocol.droppedLabels.length).toBe(55);
  });

  it('refuses an official split where there is none, and a fold out of range', async () => {
    await expect(prepareDataset('cal500', { dataDir: SHARED_DATASETS })).rejects.toThrow(
      `dataset 'cal500' has no official train/test split (no -train/-test files in ${SHARED_DATASETS}/cal500); use a cross-validation split (cv5)`.replace('//', '/'),
    );
    await expect(prepareDataset('cal500', { dataDir: SHARED_DATASETS, split: { kind: 'cv', folds: 5, fold: 5 } })).rejects.toThrow('fold must be an integer from 0 to 4, got 5');
  });

  it('knows the reference feature fractions and that the stored variants are already reduced', () => {
    expect(referenceFeatureFraction('rcv1subset2')).toEqual({ fraction: 0.02 });
    expect(referenceFeatureFraction('rcv1subset2-top944').fraction).toBe(1);
    expect(referenceFeatureFraction('arts1')).toEqual({ fraction: 0.05 });
    expect(referenceFeatureFraction('yeast')).toEqual({ fraction: 1 });
  });
});

describe('the protocol in place', () => {
  /** Random data where rows, labels and features are dropped, so values move in the arrays. */
  function randomData(seed: number): MultiLabelData {
    let state = seed;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const n = 200;
    const d = 9;
    const L = 6;
    const features = Float32Array.from({ length: n * d }, () => Math.round(random() * 1000) / 10);
    // Labels 0..2 are frequent, 3..5 rare (dropped at minPositives 20); some rows end up label-less.
    const labels = Uint8Array.from({ length: n * L }, (_, k) => (random() < (k % L < 3 ? 0.3 : 0.05) ? 1 : 0));
    return { name: 'r', numInstances: n, numFeatures: d, numLabels: L, features, labels, featureNames: Array.from({ length: d }, (_, c) => `f${c}`), labelNames: Array.from({ length: L }, (_, j) => `l${j}`) };
  }

  it.each([1, 2, 3])('gives the same data as the copy, rows, labels and features dropped (seed %i)', (seed) => {
    const copied = applyProtocol(randomData(seed), { topFeatureFraction: 0.5 });
    const input = randomData(seed);
    const inPlace = applyProtocol(input, { topFeatureFraction: 0.5, inPlace: true });
    expect(copied.report.droppedInstances).toBeGreaterThan(0);
    expect(copied.report.droppedLabels.length).toBeGreaterThan(0);
    expect(inPlace.data.numFeatures).toBeLessThan(9);
    expect(Array.from(inPlace.data.features)).toEqual(Array.from(copied.data.features));
    expect(Array.from(inPlace.data.labels)).toEqual(Array.from(copied.data.labels));
    expect(Array.from(inPlace.keptRows)).toEqual(Array.from(copied.keptRows));
    expect(inPlace.report).toEqual(copied.report);
    // The result is a view of the input's own buffer: no second copy of the matrix.
    expect(inPlace.data.features.buffer).toBe(input.features.buffer);
  });
});
