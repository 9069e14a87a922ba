/**
 * Online Batch Selection's options (BASELINES "Online Batch Selection"): the option table,
 * defaults, validation, and the schedule both maths (GPU and twin) read.
 */
import { optionProblems, type MethodOption } from '../method';
import type { SelectionPlan } from '../method-selector';
import { decayingPressure } from '../sampling/schedule';

export type ObsLossSource = 'latest-visit' | 'full-pass';

export interface ObsConfig {
  /** Epochs 0..warmupEpochs-1 draw uniformly (a seeded reshuffle each epoch); >= 1, so every instance has a loss before it is ranked. */
  warmupEpochs: number;
  /** Selection pressure s0 up to epoch pressureDecayStart (the best instance gets ~s times the probability of the worst). */
  pressureStart: number;
  /** Pressure s1 from epoch pressureDecayEnd on. */
  pressureEnd: number;
  pressureDecayStart: number;
  pressureDecayEnd: number;
  /**
   * 'latest-visit': an instance's loss is the one of its latest training step. 'full-pass':
   * before every ranking the trainer evaluates the whole training set and that pass's losses
   * replace them (the single-label reference code does this).
   */
  lossSource: ObsLossSource;
}

export const DEFAULT_OBS_CONFIG: Readonly<ObsConfig> = {
  warmupEpochs: 10,
  pressureStart: 100,
  pressureEnd: 1,
  pressureDecayStart: 10,
  pressureDecayEnd: 100,
  lossSource: 'latest-visit',
};

export const OBS_OPTIONS: readonly MethodOption[] = [
  {
    key: 'warmupEpochs',
    flag: '--warmup-epochs <n>',
    type: 'integer',
    schedule: 'start',
    minimum: 1,
    help: 'epochs of uniform batches before selection starts (at least 1: every instance needs a loss before it can be ranked)',
  },
  { key: 'pressureStart', flag: '--pressure-start <s>', type: 'number', minimum: 1, help: 'selection pressure until the decay starts' },
  { key: 'pressureEnd', flag: '--pressure-end <s>', type: 'number', minimum: 1, help: 'selection pressure at the end of the decay' },
  { key: 'pressureDecayStart', flag: '--pressure-decay-start <e>', type: 'integer', schedule: 'start', minimum: 0, help: 'first epoch of the pressure decay' },
  { key: 'pressureDecayEnd', flag: '--pressure-decay-end <e>', type: 'integer', schedule: 'end', minimum: 0, help: 'epoch the decay ends' },
  {
    key: 'lossSource',
    flag: '--loss-source <source>',
    type: 'string',
    choices: ['latest-visit', 'full-pass'],
    help: "'latest-visit' (each instance's loss at its latest training step) or 'full-pass' (an evaluation pass over the training set before every ranking)",
  },
];

/** Problems across options (one string each); the option table checks types and ranges. */
export function obsConfigProblems(c: ObsConfig): string[] {
  const problems: string[] = [];
  if (c.pressureDecayEnd < c.pressureDecayStart) {
    problems.push(`pressureDecayEnd (${c.pressureDecayEnd}) must not be before pressureDecayStart (${c.pressureDecayStart})`);
  }
  return problems;
}

/** The full config from overrides, with the same single error as obsMethod.resolve. */
export function resolveObsConfig(overrides: Partial<ObsConfig> | Record<string, unknown> = {}): ObsConfig {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const problems = optionProblems(OBS_OPTIONS, given);
  const config = { ...DEFAULT_OBS_CONFIG, ...given } as ObsConfig;
  if (problems.length === 0) problems.push(...obsConfigProblems(config));
  if (problems.length) throw new Error(`invalid obs configuration: ${problems.join('; ')}`);
  return config;
}

/** s(e): pressureStart until pressureDecayStart, geometric to pressureEnd at pressureDecayEnd, then pressureEnd. */
export function obsPressure(c: ObsConfig, epoch: number): number {
  return decayingPressure({ start: c.pressureStart, end: c.pressureEnd, from: c.pressureDecayStart, to: c.pressureDecayEnd }, epoch);
}

/**
 * With 'full-pass', the trainer evaluates the training set after `epoch` whenever epoch + 1
 * draws from the distribution (so every ranking sees that pass's losses).
 */
export function obsWantsTrainingPass(c: ObsConfig, epoch: number): boolean {
  return c.lossSource === 'full-pass' && epoch + 1 >= c.warmupEpochs;
}

/** Warm-up with a seeded reshuffle each epoch (BASELINES), then the decaying pressure. */
export function obsPlan(c: ObsConfig): SelectionPlan {
  return { warmupEpochs: c.warmupEpochs, warmupOrder: 'reshuffle', schedule: (epoch) => ({ pressure: obsPressure(c, epoch) }) };
}
