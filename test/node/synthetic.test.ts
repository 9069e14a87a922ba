import { describe, expect, it } from 'vitest';
import { syntheticDataset } from '../../src/data/synthetic';
import type { MultiLabelData } from '../../src/data/types';

function labelFrequencies(data: MultiLabelData): Int32Array {
  const freq = new Int32Array(data.numLabels);
  for (let i = 0; i < data.numInstances; i++) {
    for (let l = 0; l < data.numLabels; l++) if (data.labels[i * data.numLabels + l]) freq[l] = freq[l]! + 1;
  }
  return freq;
}

function meanCardinality(data: MultiLabelData): number {
  let total = 0;
  for (const v of data.labels) total += v;
  return total / data.numInstances;
}

describe('syntheticDataset', () => {
  const options = { instances: 2000, features: 30, labels: 40, cardinality: 3.5, seed: 5 };
  const data = syntheticDataset(options);

  it('has the requested shapes and names', () => {
    expect(data.name).toBe('synthetic-2000x30x40');
    expect(data.numInstances).toBe(2000);
    expect(data.numFeatures).toBe(30);
    expect(data.numLabels).toBe(40);
    expect(data.features).toBeInstanceOf(Float32Array);
    expect(data.features.length).toBe(2000 * 30);
    expect(data.labels).toBeInstanceOf(Uint8Array);
    expect(data.labels.length).toBe(2000 * 40);
    expect(data.featureNames.slice(0, 3)).toEqual(['f0', 'f1', 'f2']);
    expect(data.featureNames.length).toBe(30);
    expect(data.labelNames[39]).toBe('l39');
    expect(syntheticDataset({ ...options, name: 'toy' }).name).toBe('toy');
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const again = syntheticDataset(options);
    expect(again.features).toEqual(data.features);
    expect(again.labels).toEqual(data.labels);
    const other = syntheticDataset({ ...options, seed: 6 });
    expect(other.labels).not.toEqual(data.labels);
    expect(other.features).not.toEqual(data.features);
  });

  it('matches the target cardinality within 5%', () => {
    for (const cardinality of [0.4, 1, 3.5, 12, 39.5]) {
      const d = syntheticDataset({ ...options, instances: 500, cardinality });
      expect(Math.abs(meanCardinality(d) - cardinality)).toBeLessThanOrEqual(0.05 * cardinality);
    }
    const full = syntheticDataset({ ...options, instances: 50, labels: 6, cardinality: 6 });
    expect(full.labels.every((v) => v === 1)).toBe(true);
    expect(data.labels.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('scales features to [0, 1] per column, each column spanning the range', () => {
    const d = data.numFeatures;
    for (let j = 0; j < d; j++) {
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < data.numInstances; i++) {
        const v = data.features[i * d + j]!;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      expect(min).toBe(0);
      expect(max).toBe(1);
    }
  });

  it('makes labels co-occur more than independence predicts', () => {
    const n = data.numInstances;
    const L = data.numLabels;
    const freq = labelFrequencies(data);
    let bestLift = 0;
    for (let a = 0; a < L; a++) {
      for (let b = a + 1; b < L; b++) {
        const expected = (freq[a]! * freq[b]!) / n;
        if (expected < 20) continue; // enough support for the ratio to mean something
        let both = 0;
        for (let i = 0; i < n; i++) if (data.labels[i * L + a] && data.labels[i * L + b]) both++;
        bestLift = Math.max(bestLift, both / expected);
      }
    }
    expect(bestLift).toBeGreaterThan(2);
  });

  it('has long-tailed label frequencies', () => {
    const big = syntheticDataset({ instances: 5000, features: 10, labels: 200, cardinality: 5, seed: 3 });
    const sorted = [...labelFrequencies(big)].sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top10 = sorted.slice(0, 20).reduce((a, b) => a + b, 0);
    // The top 10% of labels carry a large share of the positives, and the head is far above the median.
    expect(top10 / total).toBeGreaterThan(0.3);
    expect(sorted[0]! / sorted[100]!).toBeGreaterThan(10);
  });

  it('puts label information into the features', () => {
    // For the most frequent label, some feature's mean clearly differs between positives and negatives.
    const n = data.numInstances;
    const d = data.numFeatures;
    const L = data.numLabels;
    let bestEffect = 0;
    for (let j = 0; j < d; j++) {
      let s1 = 0, s0 = 0, q = 0, n1 = 0;
      for (let i = 0; i < n; i++) {
        const v = data.features[i * d + j]!;
        q += v * v;
        if (data.labels[i * L]) {
          s1 += v;
          n1++;
        } else s0 += v;
      }
      const mean = (s1 + s0) / n;
      const sd = Math.sqrt(q / n - mean * mean);
      bestEffect = Math.max(bestEffect, Math.abs(s1 / n1 - s0 / (n - n1)) / sd);
    }
    expect(bestEffect).toBeGreaterThan(0.5);
  });

  it('rejects bad options with clear errors', () => {
    expect(() => syntheticDataset({ ...options, instances: 0 })).toThrow('instances must be a positive integer, got 0');
    expect(() => syntheticDataset({ ...options, features: 2.5 })).toThrow('features must be a positive integer, got 2.5');
    expect(() => syntheticDataset({ ...options, labels: -1 })).toThrow('labels must be a positive integer, got -1');
    expect(() => syntheticDataset({ ...options, cardinality: 0 })).toThrow('cardinality must be in (0, labels] = (0, 40], got 0');
    expect(() => syntheticDataset({ ...options, cardinality: 41 })).toThrow('cardinality must be in (0, labels] = (0, 40], got 41');
    expect(() => syntheticDataset({ ...options, seed: Number.NaN })).toThrow('seed must be a finite number, got NaN');
    expect(() => syntheticDataset({ ...options, noise: -1 })).toThrow('noise must be a finite number >= 0, got -1');
  });

  it.each([
    ['mediamill-size', 43907, 120, 101, 4.376],
    ['delicious-size', 16000, 500, 983, 19.02],
  ])('generates a %s dataset', (label, instances, features, labels, cardinality) => {
    const start = performance.now();
    const big = syntheticDataset({ instances, features, labels, cardinality, seed: 55 });
    const ms = performance.now() - start;
    console.log(`${label} ${instances} x ${features} x ${labels}: generated in ${ms.toFixed(0)} ms`);
    expect(big.features.length).toBe(instances * features);
    expect(big.labels.length).toBe(instances * labels);
    expect(Math.abs(meanCardinality(big) - cardinality)).toBeLessThanOrEqual(0.05 * cardinality);
  }, 60_000);
});
