/**
 * Everything that defines one training run. Backbone and optimiser settings come from a recipe
 * (./recipes.ts: `mlp` for the MLP, `reference` for CLIF), the rest are the reference defaults
 * (D2ACE-SPEC section 5); what the user sets wins over both.
 */
import type { BackboneKind } from '../models/backbone';
import type { SelectorBackend } from '../selection/method';
import { METHOD_NAMES, selectionMethod } from '../selection/registry';
import { DEFAULT_RECIPE, RECIPES, RECIPE_KEYS, recipeNamed, type Recipe } from './recipes';

/** A name from the selection-method registry (src/selection/registry.ts). */
export type MethodName = string;
export type { SelectorBackend };
/**
 * Where and on what a run trains: 'auto' (the default: WebGPU in Node on a hardware GPU, else the
 * CPU runtime), 'node' (WebGPU in Node, forced), 'cpu' (the CPU runtime in Node: tfjs wasm and the
 * method's twin), 'browser' (a headless Chromium page: WebGPU, or the CPU runtime without it).
 */
export type RuntimeName = 'auto' | 'node' | 'cpu' | 'browser';
export const RUNTIME_NAMES: readonly RuntimeName[] = ['auto', 'node', 'cpu', 'browser'];
/** The runtimes in one line, for --help. */
export const RUNTIME_HELP =
  "'auto' (WebGPU on a hardware GPU, else the CPU runtime), 'node' (WebGPU in Node, forced), 'cpu' (tfjs wasm and the method's TypeScript twin), 'browser' (headless Chromium)";

export interface TrainConfig {
  dataset: string;
  xml?: string;
  dataDir?: string;
  labelCount?: number;
  labelsFirst?: boolean;
  method: MethodName;
  /**
   * The name the run goes by in reports (a variant of a method, e.g. 'd2ace-epoch' for D2ACE with
   * draw 'epoch'); runs are grouped and compared by it. Default: the method's name.
   */
  label?: string;
  selectorBackend: SelectorBackend;
  model: BackboneKind;
  /** The recipe the backbone and optimiser settings come from (./recipes.ts). */
  recipe: string;
  /** CLIF width (reference 768). */
  hidden: number;
  mlpWidths: number[];
  dropout: number;
  epochs: number;
  batch: number;
  lr: number;
  weightDecay: number;
  /** Epochs of linear learning-rate warm-up (reference 10). */
  lrWarmupEpochs: number;
  seed: number;
  split: 'official' | 'cv5';
  fold: number;
  validationFraction: number;
  minPositives: number;
  /** undefined = the reference choice for the dataset. */
  topFeatures?: number;
  /** Options per method name (each method's defaults fill the rest; see `d2ace methods`). */
  methodOptions: Record<string, Record<string, unknown>>;
  runtime: RuntimeName;
}

/** The settings no recipe fixes. */
const BASE = {
  dataset: 'yeast',
  method: 'd2ace',
  selectorBackend: 'gpu',
  seed: 0,
  split: 'official',
  fold: 0,
  validationFraction: 0.1,
  minPositives: 20,
  methodOptions: {},
  runtime: 'auto',
} as const;

/**
 * The config a run trains with: the base defaults, then the recipe (the one named, else the
 * backbone's default), then every setting given. Validates the result.
 */
export function resolveTrainConfig(given: Partial<TrainConfig> = {}): TrainConfig {
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<TrainConfig>;
  // Without a known recipe or backbone there is nothing to fill in: say only that.
  let named: Recipe | undefined;
  try {
    named = defined.recipe !== undefined ? recipeNamed(defined.recipe) : undefined;
  } catch (error) {
    throw new Error(`invalid training configuration: ${(error as Error).message}`);
  }
  const model = defined.model ?? named?.model ?? 'mlp';
  if (!(model in DEFAULT_RECIPE)) throw new Error(`invalid training configuration: model must be 'mlp' or 'clif', got '${String(model)}'`);
  const recipe = named ?? recipeNamed(DEFAULT_RECIPE[model]);
  const config = {
    ...BASE,
    model,
    recipe: defined.recipe ?? DEFAULT_RECIPE[model],
    ...structuredClone(recipe.settings),
    ...defined,
  } as TrainConfig;
  validateTrainConfig(config);
  return config;
}

/** The default run: D2ACE on yeast, the MLP with its converging recipe. */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = resolveTrainConfig();

/** A run label: a name for reports and file names, never another method's name. */
export function labelProblems(label: unknown, method: string): string[] {
  if (typeof label !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(label)) return [`label must be letters, digits, '.', '_' or '-' (starting with a letter or digit), got ${JSON.stringify(label)}`];
  if (label !== method && METHOD_NAMES.includes(label)) return [`label '${label}' is the name of another method; runs of ${method} cannot go by it`];
  return [];
}

export function validateTrainConfig(c: TrainConfig): void {
  const problems: string[] = [];
  const posInt = (name: keyof TrainConfig) => {
    const v = c[name] as number;
    if (!Number.isInteger(v) || v < 1) problems.push(`${name} must be a positive integer, got ${v}`);
  };
  posInt('epochs');
  posInt('batch');
  posInt('hidden');
  if (!METHOD_NAMES.includes(c.method)) problems.push(`method must be one of ${METHOD_NAMES.map((m) => `'${m}'`).join(', ')}, got '${c.method}'`);
  if (c.label !== undefined) problems.push(...labelProblems(c.label, c.method));
  for (const [name, options] of Object.entries(c.methodOptions ?? {})) {
    if (!METHOD_NAMES.includes(name)) {
      problems.push(`options given for unknown method '${name}'`);
      continue;
    }
    try {
      selectionMethod(name).resolve(options);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (!['gpu', 'cpu'].includes(c.selectorBackend)) problems.push(`selector backend must be 'gpu' or 'cpu', got '${c.selectorBackend}'`);
  if (!['mlp', 'clif'].includes(c.model)) problems.push(`model must be 'mlp' or 'clif', got '${c.model}'`);
  else {
    try {
      const recipe = recipeNamed(c.recipe);
      if (recipe.model !== c.model) {
        const fitting = RECIPES.filter((r) => r.model === c.model).map((r) => r.name);
        problems.push(`recipe '${c.recipe}' trains ${recipe.model}, not ${c.model} (recipes for ${c.model}: ${fitting.join(', ')})`);
      }
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  for (const key of RECIPE_KEYS) if (c[key] === undefined) problems.push(`${key} is missing`);
  if (!['official', 'cv5'].includes(c.split)) problems.push(`split must be 'official' or 'cv5', got '${c.split}'`);
  if (!Number.isInteger(c.fold) || c.fold < 0 || c.fold > 4) problems.push(`fold must be 0..4, got ${c.fold}`);
  // The backbone and the data protocol check these too, but only once the GPU is up and the data loaded.
  if (c.mlpWidths !== undefined && (!Array.isArray(c.mlpWidths) || c.mlpWidths.length === 0 || !c.mlpWidths.every((w) => Number.isInteger(w) && w > 0))) problems.push(`MLP widths must be positive integers, got ${JSON.stringify(c.mlpWidths)}`);
  if (c.dropout !== undefined && !(c.dropout >= 0 && c.dropout < 1)) problems.push(`dropout must be in [0, 1), got ${c.dropout}`);
  if (!(c.validationFraction > 0 && c.validationFraction < 1)) problems.push(`validation fraction must be in (0, 1), got ${c.validationFraction}`);
  if (!Number.isInteger(c.minPositives) || c.minPositives < 0) problems.push(`minPositives must be a non-negative integer, got ${c.minPositives}`);
  if (c.topFeatures !== undefined && !(c.topFeatures > 0 && c.topFeatures <= 1)) problems.push(`topFeatures must be in (0, 1], got ${c.topFeatures}`);
  if (c.labelCount !== undefined && !(Number.isInteger(c.labelCount) && c.labelCount > 0)) problems.push(`labelCount must be a positive integer, got ${c.labelCount}`);
  if (!(c.lr > 0)) problems.push(`lr must be > 0, got ${c.lr}`);
  if (!(c.weightDecay >= 0)) problems.push(`weight decay must be >= 0, got ${c.weightDecay}`);
  if (!Number.isInteger(c.lrWarmupEpochs) || c.lrWarmupEpochs < 0) problems.push(`lr warm-up epochs must be an integer >= 0, got ${c.lrWarmupEpochs}`);
  if (!Number.isInteger(c.seed) || c.seed < 0) problems.push(`seed must be a non-negative integer, got ${c.seed}`);
  if (!RUNTIME_NAMES.includes(c.runtime)) problems.push(`runtime must be ${RUNTIME_NAMES.map((r) => `'${r}'`).join(', ')}, got '${c.runtime}'`);
  if (problems.length) throw new Error(`invalid training configuration: ${problems.join('; ')}`);
}
