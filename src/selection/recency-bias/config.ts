/**
 * Recency Bias's knobs (BASELINES "Recency Bias"), their option table and validation, and the
 * schedule (warm-up, decaying pressure) that the GPU math and the twin share.
 */
import { optionProblems, type MethodOption } from '../method';
import type { SelectionPlan } from '../method-selector';
import { decayingPressure } from '../sampling/schedule';

/** Each label's window is one 10-bit field of a packed u32 word (three per word). */
export const RECENCY_MAX_WINDOW = 10;

export interface RecencyBiasConfig {
  /** q: the last q thresholded predictions per label are kept (1..10). */
  window: number;
  /** Epochs 0..warmupEpochs-1 draw uniform batches (a seeded reshuffle each epoch). */
  warmupEpochs: number;
  /** Selection pressure s(e): pressureStart until pressureDecayStart, geometric to pressureEnd at pressureDecayEnd. */
  pressureStart: number;
  pressureEnd: number;
  pressureDecayStart: number;
  pressureDecayEnd: number;
}

export const DEFAULT_RECENCY_BIAS_CONFIG: RecencyBiasConfig = {
  window: 10,
  warmupEpochs: 10,
  pressureStart: 100,
  pressureEnd: 1,
  pressureDecayStart: 10,
  pressureDecayEnd: 100,
};

export const RECENCY_BIAS_OPTIONS: readonly MethodOption[] = [
  { key: 'window', flag: '--window <n>', type: 'integer', minimum: 1, maximum: RECENCY_MAX_WINDOW, help: 'q: thresholded predictions kept per label (at most 10: each window is 10 bits of a packed word)' },
  { key: 'warmupEpochs', flag: '--warmup-epochs <n>', type: 'integer', schedule: 'start', minimum: 0, help: 'epochs of uniform batches before selection starts' },
  { key: 'pressureStart', flag: '--pressure-start <s>', type: 'number', minimum: 1, help: 'selection pressure until the decay starts' },
  { key: 'pressureEnd', flag: '--pressure-end <s>', type: 'number', minimum: 1, help: 'selection pressure at the end of the decay' },
  { key: 'pressureDecayStart', flag: '--pressure-decay-start <e>', type: 'integer', schedule: 'start', minimum: 0, help: 'first epoch of the pressure decay' },
  { key: 'pressureDecayEnd', flag: '--pressure-decay-end <e>', type: 'integer', schedule: 'end', minimum: 0, help: 'epoch the decay reaches the end pressure' },
];

/** Checks across options; one string per problem. */
export function recencyBiasProblems(c: RecencyBiasConfig): string[] {
  const problems: string[] = [];
  if (c.pressureDecayEnd < c.pressureDecayStart) problems.push(`pressureDecayEnd (${c.pressureDecayEnd}) must not be before pressureDecayStart (${c.pressureDecayStart})`);
  return problems;
}

/** The full config from overrides (the same checks and message as recencyBiasMethod.resolve). */
export function resolveRecencyBiasConfig(overrides: Partial<RecencyBiasConfig> | Record<string, unknown> = {}): RecencyBiasConfig {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const problems = optionProblems(RECENCY_BIAS_OPTIONS, given);
  const config = { ...DEFAULT_RECENCY_BIAS_CONFIG, ...given } as RecencyBiasConfig;
  if (problems.length === 0) problems.push(...recencyBiasProblems(config));
  if (problems.length) throw new Error(`invalid recency-bias configuration: ${problems.join('; ')}`);
  return config;
}

/** s(e) for the distribution of epoch e. */
export function recencyPressure(c: RecencyBiasConfig, epoch: number): number {
  return decayingPressure({ start: c.pressureStart, end: c.pressureEnd, from: c.pressureDecayStart, to: c.pressureDecayEnd }, epoch);
}

/** Warm-up with a seeded reshuffle each epoch (BASELINES), then the decaying pressure. */
export function recencyBiasPlan(c: RecencyBiasConfig): SelectionPlan {
  return { warmupEpochs: c.warmupEpochs, warmupOrder: 'reshuffle', schedule: (epoch) => ({ pressure: recencyPressure(c, epoch) }) };
}
