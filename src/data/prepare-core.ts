/**
 * (Browser-safe: no file access here; prepare.ts adds loading from disk.)
 * A dataset ready for an experiment: loaded, preprocessed by the reference protocol, split
 * into train / validation / test (official split, or k-fold iterative stratification), with
 * everything that was dropped or chosen recorded.
 */
import type { LoadedDataset, LoadOptions } from './load';
import { applyProtocol, remapRows, type ProtocolOptions, type ProtocolReport } from './protocol';
import { referenceFeatureFraction } from './reference-protocol';
import type { DatasetFiles } from './registry';
import { iterativeStratification, kFoldSplits, validationHoldout } from './stratify';
import type { IndexSet, MultiLabelData } from './types';

/** The reference protocol's seed for 5-fold iterative stratification. */
export const REFERENCE_FOLD_SEED = 55;

export type SplitSpec = { kind: 'official' } | { kind: 'cv'; folds: number; fold: number; seed?: number };

export interface PrepareOptions extends LoadOptions, ProtocolOptions {
  split?: SplitSpec;
  /** Share of the training rows held out for validation (reference: 0.1). */
  validationFraction?: number;
  /** Seed of the validation holdout. */
  seed?: number;
}

export interface PreparedDataset {
  data: MultiLabelData;
  train: IndexSet;
  validation: IndexSet;
  test: IndexSet;
  split: { kind: 'official' } | { kind: 'cv'; folds: number; fold: number; seed: number; foldSizes: number[] };
  validationFraction: number;
  seed: number;
  protocol: ProtocolReport & { featureFractionNote?: string };
  source: { files: DatasetFiles; labelSource: string; raw: { instances: number; features: number; labels: number } };
}

/** The protocol and the splits, for a dataset already loaded. */
export function prepareLoaded(loaded: LoadedDataset, options: Omit<PrepareOptions, keyof LoadOptions> = {}): PreparedDataset {
  const split = options.split ?? { kind: 'official' };
  if (split.kind === 'official' && !loaded.officialSplit) {
    throw new Error(`dataset '${loaded.files.name}' has no official train/test split (no -train/-test files in ${loaded.files.dir}); use a cross-validation split (cv5)`);
  }
  const reference = referenceFeatureFraction(loaded.files.name);
  const topFeatureFraction = options.topFeatureFraction ?? reference.fraction;
  const processed = applyProtocol(loaded.data, { ...options, topFeatureFraction });
  const data = processed.data;

  let trainPool: IndexSet;
  let test: IndexSet;
  let splitInfo: PreparedDataset['split'];
  if (split.kind === 'official') {
    trainPool = remapRows(loaded.officialSplit!.train, processed.keptRows);
    test = remapRows(loaded.officialSplit!.test, processed.keptRows);
    splitInfo = { kind: 'official' };
  } else {
    const seed = split.seed ?? REFERENCE_FOLD_SEED;
    if (!Number.isInteger(split.fold) || split.fold < 0 || split.fold >= split.folds) {
      throw new Error(`fold must be an integer from 0 to ${split.folds - 1}, got ${split.fold}`);
    }
    const foldOf = iterativeStratification(data.labels, data.numInstances, data.numLabels, split.folds, seed);
    const folds = kFoldSplits(foldOf, split.folds);
    trainPool = folds[split.fold]!.train;
    test = folds[split.fold]!.test;
    splitInfo = { kind: 'cv', folds: split.folds, fold: split.fold, seed, foldSizes: folds.map((f) => f.test.length) };
  }
  const validationFraction = options.validationFraction ?? 0.1;
  const seed = options.seed ?? 0;
  const { train, validation } = validationHoldout(trainPool, validationFraction, seed);
  return {
    data,
    train,
    validation,
    test,
    split: splitInfo,
    validationFraction,
    seed,
    protocol: { ...processed.report, ...(reference.note && options.topFeatureFraction === undefined ? { featureFractionNote: reference.note } : {}) },
    source: {
      files: loaded.files,
      labelSource: loaded.labelSource,
      raw: { instances: loaded.data.numInstances, features: loaded.data.numFeatures, labels: loaded.data.numLabels },
    },
  };
}
