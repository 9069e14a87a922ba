/** Descriptive statistics of a multi-label dataset, as papers report them. */
import type { MultiLabelData } from './types';

export interface DatasetStats {
  instances: number;
  features: number;
  labels: number;
  /** Mean number of labels per instance. */
  cardinality: number;
  /** Cardinality divided by the number of labels. */
  density: number;
  /** Share of zero entries in the feature matrix. */
  featureSparsity: number;
  distinctLabelSets: number;
  instancesWithoutLabels: number;
  labelsNeverPositive: number;
}

export function datasetStats(data: MultiLabelData): DatasetStats {
  const { numInstances: n, numFeatures: d, numLabels: L } = data;
  let positives = 0;
  let empty = 0;
  const perLabel = new Int32Array(L);
  const sets = new Set<string>();
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    const row = data.labels.subarray(i * L, (i + 1) * L);
    for (let j = 0; j < L; j++) {
      rowSum += row[j]!;
      perLabel[j]! += row[j]!;
    }
    positives += rowSum;
    if (rowSum === 0) empty++;
    sets.add(row.join(''));
  }
  let zeros = 0;
  for (const v of data.features) if (v === 0) zeros++;
  return {
    instances: n,
    features: d,
    labels: L,
    cardinality: n ? positives / n : 0,
    density: n && L ? positives / (n * L) : 0,
    featureSparsity: n && d ? zeros / (n * d) : 0,
    distinctLabelSets: sets.size,
    instancesWithoutLabels: empty,
    labelsNeverPositive: perLabel.filter((c) => c === 0).length,
  };
}
