/**
 * Recipes: named backbone + optimiser settings that a run trains with unless a flag or an
 * experiment file says otherwise. `reference` is exactly how the authors train CLIF; the MLP
 * recipes were chosen by a learning-rate sweep on yeast and scene (README, "Recipes") so that the
 * model converges within the run, which a comparison of batch-selection methods needs.
 */
import type { BackboneKind } from '../models/backbone';

/** The settings a recipe fixes (every other setting keeps its own default). */
export interface RecipeSettings {
  lr: number;
  lrWarmupEpochs: number;
  epochs: number;
  batch: number;
  weightDecay: number;
  dropout: number;
  /** CLIF width. */
  hidden: number;
  /** MLP hidden widths. */
  mlpWidths: number[];
}

export const RECIPE_KEYS = ['lr', 'lrWarmupEpochs', 'epochs', 'batch', 'weightDecay', 'dropout', 'hidden', 'mlpWidths'] as const satisfies ReadonlyArray<keyof RecipeSettings>;

export interface Recipe {
  name: string;
  /** The backbone the recipe trains. */
  model: BackboneKind;
  summary: string;
  /** Where the numbers come from. */
  basis: string;
  settings: Readonly<RecipeSettings>;
}

/** The authors' optimiser (D2ACE-SPEC section 5), shared by `reference` and `mlp-reference`. */
const AUTHORS = { lr: 1e-4, lrWarmupEpochs: 10, epochs: 100, batch: 128, weightDecay: 1e-4, dropout: 0.2 } as const;

export const RECIPES: readonly Recipe[] = [
  {
    name: 'reference',
    model: 'clif',
    summary: "the authors' CLIF training: Adam lr 1e-4 (L2 1e-4), 10 warm-up epochs, batch 128, 100 epochs, width 768",
    basis: "the authors' main.py (D2ACE-SPEC section 5)",
    settings: { ...AUTHORS, hidden: 768, mlpWidths: [256, 256] },
  },
  {
    name: 'clif-small',
    model: 'clif',
    summary: "CLIF at width 128 (the authors fix 768: about 28 times fewer parameters, 67k against 1.87M on yeast), Adam lr 3e-3 (L2 1e-4), 10 warm-up epochs, batch 128, 100 epochs: converges on yeast and scene",
    basis: 'learning-rate sweep over 3e-4, 1e-3, 3e-3 at width 128 on yeast and scene, 5-fold CV fold 0, uniform batches (README, "Recipes"): 3e-3 has the best validation macro-AUC on both; width 128 keeps a yeast run near 2 minutes on the CPU runtime, where 768 takes about an hour',
    settings: { ...AUTHORS, lr: 3e-3, hidden: 128, mlpWidths: [256, 256] },
  },
  {
    name: 'mlp',
    model: 'mlp',
    summary: 'MLP with one hidden layer of 128, Adam lr 3e-3 (L2 1e-4), 5 warm-up epochs, batch 128, 100 epochs: converges on yeast and scene',
    basis: 'learning-rate sweep over 3e-4, 1e-3, 3e-3 on yeast and scene (README, "Recipes"); one layer of 128 keeps a run near 3 minutes on software WebGPU',
    settings: { ...AUTHORS, lr: 3e-3, lrWarmupEpochs: 5, hidden: 768, mlpWidths: [128] },
  },
  {
    name: 'mlp-high-lr',
    model: 'mlp',
    summary: 'MLP with one hidden layer of 128, Adam lr 1e-2 (L2 1e-4), 5 warm-up epochs, batch 128, 100 epochs: for the small datasets where mlp is still improving at epoch 100 (yeast, birds, CAL500 in 5-fold CV)',
    basis: 'uniform batches over all 5 folds at lr 3e-3, 6e-3, 1e-2 on yeast, birds and CAL500 (README, "Recipes"): 1e-2 has the best validation macro-AUC on all three and converges at least as often as 3e-3',
    settings: { ...AUTHORS, lr: 1e-2, lrWarmupEpochs: 5, hidden: 768, mlpWidths: [128] },
  },
  {
    name: 'mlp-fast',
    model: 'mlp',
    summary: 'MLP with one hidden layer of 128, Adam lr 1e-2 (L2 1e-4), 3 warm-up epochs, batch 128, 50 epochs: half the cost of mlp; converged on scene and on the official yeast split, but NOT on yeast 5-fold CV (still improving at epoch 50)',
    basis: 'lr 1e-2 at 50 epochs on yeast and scene (README, "Recipes"); for quick checks on software WebGPU. Method schedules designed for 100 epochs are scaled to 50 (with a warning)',
    settings: { ...AUTHORS, lr: 1e-2, lrWarmupEpochs: 3, epochs: 50, hidden: 768, mlpWidths: [128] },
  },
  {
    name: 'mlp-reference',
    model: 'mlp',
    summary: "MLP with one hidden layer of 128 and the authors' CLIF optimiser (lr 1e-4, 10 warm-up epochs): NOT converged after 100 epochs on yeast",
    basis: "the authors' optimiser on the MLP (the former default), kept to show why the MLP needs its own recipe",
    settings: { ...AUTHORS, hidden: 768, mlpWidths: [128] },
  },
];

/** The recipe a backbone trains with when none is named. */
export const DEFAULT_RECIPE: Readonly<Record<BackboneKind, string>> = { mlp: 'mlp', clif: 'reference' };

export const RECIPE_NAMES: readonly string[] = RECIPES.map((r) => r.name);

/** The recipe of that name, or an error listing the recipes. */
export function recipeNamed(name: string): Recipe {
  const found = RECIPES.find((r) => r.name === name);
  if (!found) throw new Error(`unknown recipe '${name}' (recipes: ${RECIPE_NAMES.join(', ')}; see 'd2ace recipes')`);
  return found;
}

/** The recipe's settings that `config` changes, e.g. { lr: 3e-3 } (empty when it follows the recipe). */
export function recipeOverrides(recipe: Recipe, config: RecipeSettings): Partial<RecipeSettings> {
  const out: Record<string, unknown> = {};
  for (const key of RECIPE_KEYS) {
    // The width of the backbone the recipe does not train is not part of it.
    if ((key === 'hidden' && recipe.model !== 'clif') || (key === 'mlpWidths' && recipe.model !== 'mlp')) continue;
    if (JSON.stringify(config[key]) !== JSON.stringify(recipe.settings[key])) out[key] = config[key];
  }
  return out as Partial<RecipeSettings>;
}
