/**
 * Experiment files: a sweep over datasets x methods x models x folds x seeds, each run
 * written to its own result file. Validated with a JSON Schema (Ajv) with clear errors.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import { METHOD_NAMES, SELECTION_METHODS } from '../selection/registry';
import { resolveTrainConfig, type TrainConfig } from '../train/config';

export interface Experiment {
  name?: string;
  datasets: string[];
  /** Names from the selection-method registry. */
  methods: string[];
  models: Array<'mlp' | 'clif'>;
  split?: 'official' | 'cv5';
  /** With split cv5: which folds (default all five). */
  folds?: number[];
  seeds?: number[];
  runtime?: 'node' | 'browser';
  dataDir?: string;
  /** Any other training settings (recipe, epochs, batch, lr, hidden, mlpWidths, selectorBackend, ...); they override the recipe. */
  train?: Partial<Omit<TrainConfig, 'dataset' | 'method' | 'model' | 'split' | 'fold' | 'seed' | 'runtime' | 'methodOptions'>>;
  /** Options per method name, e.g. { "d2ace": { "warmupEpochs": 5 }, "obs": { "pressureStart": 50 } }. */
  methodOptions?: TrainConfig['methodOptions'];
}

/** Built from the registry: the method names and each method's options schema. */
const experimentSchema = () => ({
  type: 'object',
  required: ['datasets', 'methods', 'models'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    datasets: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    methods: { type: 'array', minItems: 1, items: { enum: [...METHOD_NAMES] } },
    models: { type: 'array', minItems: 1, items: { enum: ['mlp', 'clif'] } },
    split: { enum: ['official', 'cv5'] },
    folds: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0, maximum: 4 } },
    seeds: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0 } },
    runtime: { enum: ['node', 'browser'] },
    dataDir: { type: 'string' },
    train: { type: 'object' },
    methodOptions: { type: 'object', additionalProperties: false, properties: Object.fromEntries(SELECTION_METHODS.map((m) => [m.name, m.schema])) },
  },
});

let validator: ReturnType<Ajv2020['compile']> | undefined;

export function parseExperiment(text: string, source: string): Experiment {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON: ${(error as Error).message}`);
  }
  validator ??= new Ajv2020({ allErrors: true }).compile(experimentSchema());
  if (!validator(value)) {
    const problems = (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params['additionalProperty'])}'` : ''}`);
    throw new Error(`${source}: invalid experiment: ${problems.join('; ')}`);
  }
  return value as Experiment;
}

export interface PlannedRun {
  id: string;
  config: TrainConfig;
}

/** Every run of the sweep, in a fixed order (datasets, models, methods, folds, seeds). */
export function planRuns(e: Experiment): PlannedRun[] {
  const split = e.split ?? 'official';
  const folds = split === 'cv5' ? (e.folds ?? [0, 1, 2, 3, 4]) : [0];
  const seeds = e.seeds ?? [0];
  const runs: PlannedRun[] = [];
  for (const dataset of e.datasets)
    for (const model of e.models)
      for (const method of e.methods)
        for (const fold of folds)
          for (const seed of seeds) {
            const config: TrainConfig = resolveTrainConfig({
              ...e.train,
              dataset,
              ...(e.dataDir ? { dataDir: e.dataDir } : {}),
              model,
              method,
              split,
              fold,
              seed,
              runtime: e.runtime ?? 'node',
              methodOptions: e.methodOptions ?? {},
            });
            const name = dataset.replace(/^.*[\\/]/, '').replace(/\.arff(\.gz)?$/i, '');
            runs.push({ id: `${name}__${model}__${method}__${split === 'cv5' ? `cv5-fold${fold}` : 'official'}__seed${seed}`, config });
          }
  return runs;
}

/** Shard `i/n` (1-based): every n-th run starting at the i-th. */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) throw new Error(`--shard must be i/n with 1 <= i <= n, got '${text}'`);
  return { index, count };
}

export function shardRuns<T>(runs: T[], shard: { index: number; count: number }): T[] {
  return runs.filter((_, k) => k % shard.count === shard.index - 1);
}
