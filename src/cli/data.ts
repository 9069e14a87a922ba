/** `d2ace data`: what a dataset holds and what the reference protocol would do with it. */
import { constantLabelWarnings } from '../data/constant-labels';
import { loadDataset } from '../data/load';
import { prepareLoaded, REFERENCE_FOLD_SEED } from '../data/prepare';
import { datasetStats, type DatasetStats } from '../data/stats';

export interface DataCommandOptions {
  xml?: string;
  labels?: number;
  labelsFirst?: boolean;
  dataDir?: string;
  minPositives?: number;
  topFeatures?: number;
  json?: boolean;
}

function statsLines(title: string, s: DatasetStats): string[] {
  return [
    title,
    `  instances ${s.instances}, features ${s.features}, labels ${s.labels}`,
    `  label cardinality ${s.cardinality.toFixed(4)}, density ${s.density.toFixed(4)}, distinct label sets ${s.distinctLabelSets}`,
    `  feature sparsity ${(100 * s.featureSparsity).toFixed(2)}% zeros, instances without labels ${s.instancesWithoutLabels}, labels never positive ${s.labelsNeverPositive}`,
  ];
}

export async function runDataCommand(nameOrPath: string, options: DataCommandOptions, io: { out: (text: string) => void; err: (text: string) => void }): Promise<number> {
  const { out } = io;
  const load = {
    dataDir: options.dataDir,
    xml: options.xml,
    labelCount: options.labels,
    labelsFirst: options.labelsFirst,
  };
  const loaded = await loadDataset(nameOrPath, load);
  const protocol = { minPositives: options.minPositives, topFeatureFraction: options.topFeatures };
  const cv = prepareLoaded(loaded, { ...protocol, split: { kind: 'cv', folds: 5, fold: 0, seed: REFERENCE_FOLD_SEED } });
  const official = loaded.officialSplit ? prepareLoaded(loaded, { ...protocol, split: { kind: 'official' } }) : undefined;
  // The protocol runs on the whole dataset before any split, so one check covers both splits.
  const warnings = constantLabelWarnings(cv.data);
  for (const w of warnings) io.err(`warning: ${w}`);
  const report = {
    dataset: loaded.files.name,
    files: loaded.files,
    labelSource: loaded.labelSource,
    raw: datasetStats(loaded.data),
    protocol: cv.protocol,
    processed: datasetStats(cv.data),
    warnings,
    splits: {
      official: official
        ? { train: official.train.length, validation: official.validation.length, test: official.test.length }
        : null,
      cv5: { seed: REFERENCE_FOLD_SEED, foldSizes: cv.split.kind === 'cv' ? cv.split.foldSizes : [], fold0: { train: cv.train.length, validation: cv.validation.length, test: cv.test.length } },
      validationFraction: cv.validationFraction,
    },
  };
  if (options.json) {
    out(JSON.stringify(report, null, 2));
    return 0;
  }
  const p = report.protocol;
  const dropped = p.droppedLabels.map((l) => `${l.name} (${l.positives})`);
  const lines = [
    `dataset  ${report.dataset}  (${[loaded.files.train, loaded.files.test, loaded.files.full].filter(Boolean).join(', ')})`,
    `labels   from ${report.labelSource}`,
    ...statsLines('as loaded', report.raw),
    `protocol (labels with <= ${p.minPositives} positives dropped, then instances without labels; min-max scaling; top ${(100 * p.topFeatureFraction).toFixed(0)}% features by column sum)`,
    `  dropped ${p.droppedLabels.length} label(s)${dropped.length ? `: ${dropped.slice(0, 12).join(', ')}${dropped.length > 12 ? ', ...' : ''}` : ''}`,
    `  dropped ${p.droppedInstances} instance(s); kept ${p.keptFeatures} of ${p.keptFeatures + p.droppedFeatures} features (${p.constantFeatures} constant)${p.featureFractionNote ? `; ${p.featureFractionNote}` : ''}`,
    ...statsLines('after the protocol', report.processed),
    'splits',
    report.splits.official
      ? `  official: train ${report.splits.official.train} + validation ${report.splits.official.validation} (10%), test ${report.splits.official.test}`
      : '  official: none (use cv5)',
    `  cv5 (iterative stratification, seed ${REFERENCE_FOLD_SEED}): fold sizes ${report.splits.cv5.foldSizes.join(', ')}; fold 0: train ${report.splits.cv5.fold0.train} + validation ${report.splits.cv5.fold0.validation}, test ${report.splits.cv5.fold0.test}`,
  ];
  out(lines.join('\n'));
  return 0;
}
