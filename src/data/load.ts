/** Loading a dataset by name or path: labels from XML or a count, official split when present. */
import { readArffFile, readLabelsXml } from './arff-file';
import type { ArffDataset, ArffInfo, ArffReadOptions } from './arff-reader';
import { DataFormatError } from './errors';
import type { LabelSpec } from './labels';
import { locateDataset, type DatasetFiles, type LocateOptions } from './registry';
import type { IndexSet, MultiLabelData } from './types';

export interface LoadOptions extends LocateOptions, Omit<ArffReadOptions, 'labels'> {
  /** Take this many labels by position instead of reading a labels XML. */
  labelCount?: number;
  /** With labelCount: labels are the first attributes (default: the last). */
  labelsFirst?: boolean;
}

export interface LoadedDataset {
  /** All instances: the train file's rows, then the test file's, when both exist. */
  data: MultiLabelData;
  files: DatasetFiles;
  /** Row indices of the official split, when the dataset ships one. */
  officialSplit?: { train: IndexSet; test: IndexSet };
  arff: ArffInfo[];
  labelSource: string;
}

function range(start: number, end: number): Int32Array {
  return Int32Array.from({ length: end - start }, (_, i) => start + i);
}

function sameColumns(a: ArffDataset, b: ArffDataset): string | undefined {
  if (a.labelNames.join('\u0000') !== b.labelNames.join('\u0000')) return 'its labels differ from';
  if (a.featureNames.join('\u0000') !== b.featureNames.join('\u0000')) return 'its features differ from';
  return undefined;
}

function concatenate(name: string, a: ArffDataset, b: ArffDataset): MultiLabelData {
  const features = new Float32Array(a.features.length + b.features.length);
  features.set(a.features);
  features.set(b.features, a.features.length);
  const labels = new Uint8Array(a.labels.length + b.labels.length);
  labels.set(a.labels);
  labels.set(b.labels, a.labels.length);
  return {
    name,
    numInstances: a.numInstances + b.numInstances,
    numFeatures: a.numFeatures,
    numLabels: a.numLabels,
    features,
    labels,
    featureNames: a.featureNames,
    labelNames: a.labelNames,
  };
}

export async function loadDataset(nameOrPath: string, options: LoadOptions = {}): Promise<LoadedDataset> {
  const files = locateDataset(nameOrPath, options);
  let labels: LabelSpec | undefined;
  let labelSource: string;
  if (options.labelCount !== undefined) {
    labels = { kind: 'count', count: options.labelCount, position: options.labelsFirst ? 'first' : 'last' };
    labelSource = `${options.labelsFirst ? 'first' : 'last'} ${options.labelCount} attributes`;
  } else if (files.xml) {
    labels = await readLabelsXml(files.xml);
    labelSource = files.xml;
  } else {
    labelSource = "MEKA '-C n' in @relation";
  }
  const read: ArffReadOptions = { ...(labels ? { labels } : {}), nominal: options.nominal, missing: options.missing };
  if (files.train && files.test) {
    const train = await readArffFile(files.train, read);
    const test = await readArffFile(files.test, read);
    const problem = sameColumns(train, test);
    if (problem) throw new DataFormatError(files.test, undefined, `${problem} those of ${files.train}`);
    return {
      data: concatenate(files.name, train, test),
      files,
      officialSplit: { train: range(0, train.numInstances), test: range(train.numInstances, train.numInstances + test.numInstances) },
      arff: [train.info, test.info],
      labelSource,
    };
  }
  const full = await readArffFile(files.full!, read, files.name);
  const { info, ...data } = full;
  return { data, files, arff: [info], labelSource };
}
