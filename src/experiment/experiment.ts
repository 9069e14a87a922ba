/**
 * src/experiment: what a sweep is and how it runs. This file reads and checks experiment files
 * (a sweep over datasets x methods x models x folds x seeds, validated with a JSON Schema with
 * clear errors) and plans their runs; sweep.ts runs them in Node (execute.ts) or in pages
 * (execute-page.ts, page-train.ts, sweep.pw.ts for Playwright sharding), claiming each run
 * (../node/run-claims.ts) and resuming from finished ones. The sweep writes result files
 * through ../results; it never reads the report code, and nothing below imports it.
 */
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020.js';
import { METHOD_NAMES, SELECTION_METHODS, selectionMethod } from '../selection/registry';
import { labelProblems, resolveTrainConfig, RUNTIME_NAMES, type RuntimeName, type TrainConfig } from '../train/config';
import { didYouMean } from '../util/did-you-mean';
import { parseShard } from './shard';

export { parseShard };

export interface Experiment {
  name?: string;
  datasets: string[];
  /** Names from the selection-method registry, or of `variants`. */
  methods: string[];
  /**
   * Named variants of a method, listed in `methods` like a method and reported under their
   * name: e.g. { "d2ace-epoch": { "method": "d2ace", "options": { "draw": "epoch" } } }. Their
   * options go over `methodOptions` of their method.
   */
  variants?: Record<string, { method: string; options?: Record<string, unknown> }>;
  models: Array<'mlp' | 'clif'>;
  split?: 'official' | 'cv5';
  /** With split cv5: which folds (default all five). */
  folds?: number[];
  seeds?: number[];
  /** Default 'auto' (see RuntimeName in train/config.ts). */
  runtime?: RuntimeName;
  dataDir?: string;
  /** Any other training settings (recipe, epochs, batch, lr, hidden, mlpWidths, selectorBackend, ...); they override the recipe. */
  train?: Partial<Omit<TrainConfig, 'dataset' | 'method' | 'model' | 'split' | 'fold' | 'seed' | 'runtime' | 'methodOptions'>>;
  /** Options per method name, e.g. { "d2ace": { "warmupEpochs": 5 }, "obs": { "pressureStart": 50 } }. */
  methodOptions?: TrainConfig['methodOptions'];
  /**
   * Training settings for some datasets, over `train` (every method of that dataset gets them):
   * e.g. { "yeast": { "recipe": "mlp-high-lr" } } where the study's recipe does not converge.
   */
  perDataset?: Record<string, Experiment['train']>;
}

const positiveInteger = { type: 'integer', minimum: 1 };
/** The `train` section: every training setting an experiment may set (values are checked again by resolveTrainConfig). */
const TRAIN_SECTION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    recipe: { type: 'string' },
    selectorBackend: { enum: ['gpu', 'cpu'] },
    hidden: positiveInteger,
    mlpWidths: { type: 'array', minItems: 1, items: positiveInteger },
    dropout: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
    epochs: positiveInteger,
    batch: positiveInteger,
    lr: { type: 'number', exclusiveMinimum: 0 },
    weightDecay: { type: 'number', minimum: 0 },
    lrWarmupEpochs: { type: 'integer', minimum: 0 },
    validationFraction: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    minPositives: { type: 'integer', minimum: 0 },
    topFeatures: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    xml: { type: 'string' },
    labelCount: positiveInteger,
    labelsFirst: { type: 'boolean' },
  },
} as const;

/** Built from the registry: the method names and each method's options schema. */
const experimentSchema = () => ({
  type: 'object',
  required: ['datasets', 'methods', 'models'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    datasets: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    methods: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
    variants: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['method'],
        additionalProperties: false,
        properties: { method: { enum: [...METHOD_NAMES] }, options: { type: 'object' } },
      },
    },
    models: { type: 'array', minItems: 1, items: { enum: ['mlp', 'clif'] } },
    split: { enum: ['official', 'cv5'] },
    folds: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0, maximum: 4 } },
    seeds: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0 } },
    runtime: { enum: [...RUNTIME_NAMES] },
    dataDir: { type: 'string' },
    train: TRAIN_SECTION_SCHEMA,
    perDataset: { type: 'object', additionalProperties: TRAIN_SECTION_SCHEMA },
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
  validator ??= new Ajv2020({ allErrors: true, verbose: true }).compile(experimentSchema());
  const problems = validator(value) ? [] : (validator.errors ?? []).map(schemaProblem);
  // Methods and variants are checked against each other and the registry, even beside schema errors.
  const e = value as Partial<Experiment>;
  if (Array.isArray(e?.methods) && e.methods.every((m) => typeof m === 'string') && (e.variants === undefined || isVariantTable(e.variants))) {
    problems.push(...methodProblems(e as Experiment));
  }
  // A perDataset entry for a dataset the sweep does not run is a typo that would change nothing.
  if (Array.isArray(e?.datasets) && e.perDataset && typeof e.perDataset === 'object') {
    for (const name of Object.keys(e.perDataset)) {
      if (!e.datasets.includes(name)) problems.push(`/perDataset/${name}: '${name}' is not one of the datasets${didYouMean(name, e.datasets.filter((d): d is string => typeof d === 'string'))}`);
    }
  }
  if (problems.length) throw new Error(`${source}: invalid experiment: ${problems.join('; ')}`);
  return value as Experiment;
}

/** One schema error as `path message`; an unknown key names the closest known key when one is close. */
function schemaProblem(e: ErrorObject): string {
  const path = e.instancePath || '/';
  if (e.keyword !== 'additionalProperties') return `${path} ${e.message}`;
  const key = String(e.params['additionalProperty']);
  const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  return `${path} must NOT have additional properties '${key}'${didYouMean(key, known)}`;
}

function isVariantTable(v: unknown): v is Experiment['variants'] {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'object' && x !== null && typeof (x as { method?: unknown }).method === 'string');
}

/** `methods` names methods or variants; each variant's name and options fit its method. */
function methodProblems(e: Experiment): string[] {
  const problems: string[] = [];
  const variants = e.variants ?? {};
  for (const [name, variant] of Object.entries(variants)) {
    if (!METHOD_NAMES.includes(variant.method)) continue; // the schema names it
    problems.push(...labelProblems(name, variant.method).map((p) => `/variants/${name}: ${p}`));
    try {
      selectionMethod(variant.method).resolve({ ...(e.methodOptions?.[variant.method] as object | undefined), ...variant.options });
    } catch (error) {
      problems.push(`/variants/${name}: ${(error as Error).message}`);
    }
  }
  for (const name of e.methods) {
    if (!METHOD_NAMES.includes(name) && !(name in variants)) {
      const known = [...METHOD_NAMES, ...Object.keys(variants)];
      problems.push(`/methods: '${name}' is neither a method nor a variant (methods: ${known.join(', ')})`);
    }
  }
  return problems;
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
      for (const listed of e.methods)
        for (const fold of folds)
          for (const seed of seeds) {
            const variant = e.variants?.[listed];
            const method = variant?.method ?? listed;
            const methodOptions = variant ? { ...e.methodOptions, [method]: { ...e.methodOptions?.[method], ...variant.options } } : (e.methodOptions ?? {});
            const config: TrainConfig = resolveTrainConfig({
              ...e.train,
              ...e.perDataset?.[dataset],
              dataset,
              ...(e.dataDir ? { dataDir: e.dataDir } : {}),
              model,
              method,
              ...(variant ? { label: listed } : {}),
              split,
              fold,
              seed,
              runtime: e.runtime ?? 'auto',
              methodOptions,
            });
            const name = dataset.replace(/^.*[\\/]/, '').replace(/\.arff(\.gz)?$/i, '');
            runs.push({ id: `${name}__${model}__${listed}__${split === 'cv5' ? `cv5-fold${fold}` : 'official'}__seed${seed}`, config });
          }
  return runs;
}


export function shardRuns<T>(runs: T[], shard: { index: number; count: number }): T[] {
  return runs.filter((_, k) => k % shard.count === shard.index - 1);
}
