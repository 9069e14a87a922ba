/** The reference preparation of an official train/test pair already in memory (browser-safe). */
import { prepareLoaded, type PrepareOptions, type PreparedDataset } from './prepare-core';
import type { MultiLabelData } from './types';

export function prepareOfficial(name: string, train: MultiLabelData, test: MultiLabelData, options: Omit<PrepareOptions, 'split'> = {}): PreparedDataset {
  const features = new Float32Array(train.features.length + test.features.length);
  features.set(train.features);
  features.set(test.features, train.features.length);
  const labels = new Uint8Array(train.labels.length + test.labels.length);
  labels.set(train.labels);
  labels.set(test.labels, train.labels.length);
  const n = train.numInstances + test.numInstances;
  const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);
  return prepareLoaded(
    {
      data: { ...train, name, numInstances: n, features, labels },
      files: { name, dir: '' },
      officialSplit: { train: range(0, train.numInstances), test: range(train.numInstances, n) },
      arff: [],
      labelSource: 'labels XML',
    },
    { ...options, split: { kind: 'official' } },
  );
}
