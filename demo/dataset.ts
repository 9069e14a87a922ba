/**
 * The data a run trains on: the bundled yeast with its official split, or an upload split here
 * by the project's own protocol (k-fold iterative stratification, one fold as the test set).
 * Either way the reference preprocessing runs, and the page says what it dropped.
 */
import { fetchArff, prepareLoaded, prepareOfficial, type ArffDataset, type LoadedDataset, type PreparedDataset } from 'd2ace-webgpu';

/** An uploaded file has no official split: fold 1 of 5 (iterative stratification) is the test set. */
const UPLOAD_SPLIT = { kind: 'cv', folds: 5, fold: 0 } as const;

export interface DemoDataset {
  prepared: PreparedDataset;
  /** What the page says about the data and its split. */
  description: string;
}

function sizes(p: PreparedDataset): string {
  return `${p.train.length} train / ${p.validation.length} validation / ${p.test.length} test rows, ${p.data.numFeatures} features, ${p.data.numLabels} labels`;
}

function protocolNote(p: PreparedDataset): string {
  const r = p.protocol;
  const dropped = r.droppedLabels.length ? `; dropped ${r.droppedLabels.length} label(s) with at most ${r.minPositives} positives (${r.droppedLabels.map((l) => l.name).join(', ')})` : '';
  const rows = r.droppedInstances ? `; dropped ${r.droppedInstances} row(s) left without a label` : '';
  return `${dropped}${rows}`;
}

export async function bundledYeast(): Promise<DemoDataset> {
  const [train, test] = await Promise.all([
    fetchArff('/data/yeast/yeast-train.arff.gz', '/data/yeast/yeast.xml'),
    fetchArff('/data/yeast/yeast-test.arff.gz', '/data/yeast/yeast.xml'),
  ]);
  const prepared = prepareOfficial('yeast', train, test);
  const description = `yeast (bundled), official train/test split, ${Math.round(prepared.validationFraction * 100)}% of train held out for validation: ${sizes(prepared)}${protocolNote(prepared)}.`;
  return { prepared, description };
}

export function preparedUpload(dataset: ArffDataset, labelSource: string): DemoDataset {
  const loaded: LoadedDataset = {
    data: dataset,
    files: { name: dataset.name, dir: '' },
    arff: [dataset.info],
    labelSource,
  };
  const prepared = prepareLoaded(loaded, { split: UPLOAD_SPLIT });
  const split = prepared.split.kind === 'cv' ? prepared.split : undefined;
  const how = split
    ? `no official split: ${split.folds}-fold iterative stratification (seed ${split.seed}), fold ${split.fold + 1} as the test set (fold sizes ${split.foldSizes.join(', ')}), ${Math.round(prepared.validationFraction * 100)}% of the rest held out for validation`
    : 'official split';
  const description = `${dataset.name} (uploaded, labels from ${labelSource}), ${how}: ${sizes(prepared)}${protocolNote(prepared)}.`;
  return { prepared, description };
}
