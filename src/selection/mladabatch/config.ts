/**
 * MLAdaBatch's options (BASELINES "Hard and imbalanced samples"): the option table, defaults,
 * validation, and the plan (warm-up, constant pressure) that both maths (GPU and twin) read.
 */
import { optionProblems, type MethodOption } from '../method';
import type { SelectionPlan } from '../method-selector';

export interface MlAdaBatchConfig {
  /** Epochs 0..warmupEpochs-1 draw uniformly (a seeded reshuffle each epoch); >= 1, so every instance has a loss before it is scored. */
  warmupEpochs: number;
  /** Constant selection pressure s: the highest score gets s times the probability of a zero score. */
  pressure: number;
  /** Multiply each loss by the minority-label weight W_i (computed once); false: W_i = 1. */
  imbalanceWeights: boolean;
}

export const DEFAULT_MLADABATCH_CONFIG: Readonly<MlAdaBatchConfig> = {
  warmupEpochs: 3,
  pressure: 2,
  imbalanceWeights: true,
};

export const MLADABATCH_OPTIONS: readonly MethodOption[] = [
  {
    key: 'warmupEpochs',
    flag: '--warmup-epochs <n>',
    type: 'integer',
    schedule: 'start',
    minimum: 1,
    help: 'epochs of uniform batches before selection starts (at least 1: every instance needs a loss before it can be scored)',
  },
  {
    key: 'pressure',
    flag: '--pressure <s>',
    type: 'number',
    minimum: 1,
    help: "constant selection pressure s (the highest score gets s times the probability of a zero score); the paper's grid is {2, 4, 16, 64}",
  },
  {
    key: 'imbalanceWeights',
    flag: '--imbalance-weights <bool>',
    type: 'boolean',
    help: 'multiply each loss by its minority-label weight W_i from the 5-nearest-neighbour label disagreement (the paper; the released code has it commented out); false: W_i = 1',
  },
];

/** The full config from overrides, with the same single error as mladabatchMethod.resolve. */
export function resolveMlAdaBatchConfig(overrides: Partial<MlAdaBatchConfig> | Record<string, unknown> = {}): MlAdaBatchConfig {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const problems = optionProblems(MLADABATCH_OPTIONS, given);
  if (problems.length) throw new Error(`invalid mladabatch configuration: ${problems.join('; ')}`);
  return { ...DEFAULT_MLADABATCH_CONFIG, ...given } as MlAdaBatchConfig;
}

/** Warm-up with a seeded reshuffle each epoch (BASELINES), then the constant pressure. */
export function mlAdaBatchPlan(c: MlAdaBatchConfig): SelectionPlan {
  return { warmupEpochs: c.warmupEpochs, warmupOrder: 'reshuffle', schedule: () => ({ pressure: c.pressure }) };
}

/** The graph's neighbours per instance (BASELINES: 5, as the authors' calweight). */
export const MLADABATCH_NEIGHBORS = 5;

export function mlAdaBatchFallbackMessage(epoch: number): string {
  return `MLAdaBatch epoch ${epoch}: instance scores were not finite; the distribution fell back to uniform`;
}
