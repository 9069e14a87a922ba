/**
 * UBS's knobs (BASELINES "Uncertainty-guided batch selection with dynamic label correlations"),
 * their option table and validation, and the schedule (warm-up, pressure, when the label
 * correlation starts) that the GPU math and the twin share.
 */
import { optionProblems, type MethodOption } from '../method';
import type { SelectionPlan } from '../method-selector';
import { decayingPressure } from '../sampling/schedule';

/**
 * 'paper': the method as published. 'released': as the authors' released code runs it: the
 * correlation overwritten with all ones (no correlation) and the pressure schedule's
 * arguments swapped, so the pressure RISES from pressureEnd to pressureStart.
 */
export type UbsVariant = 'paper' | 'released';

export interface UbsConfig {
  variant: UbsVariant;
  /** Epochs 0..warmupEpochs-1 draw uniform batches (a seeded reshuffle each epoch). */
  warmupEpochs: number;
  /** The first epoch whose distribution uses the label correlation (before it: all ones). */
  correlationStart: number;
  /** Pressure s(e): pressureStart until pressureDecayStart, geometric to pressureEnd at pressureDecayEnd ('paper'). */
  pressureStart: number;
  pressureEnd: number;
  pressureDecayStart: number;
  pressureDecayEnd: number;
}

export const DEFAULT_UBS_CONFIG: Readonly<UbsConfig> = {
  variant: 'paper',
  warmupEpochs: 10,
  correlationStart: 5,
  pressureStart: 8,
  pressureEnd: 1,
  pressureDecayStart: 10,
  pressureDecayEnd: 100,
};

export const UBS_OPTIONS: readonly MethodOption[] = [
  {
    key: 'variant',
    flag: '--variant <v>',
    type: 'string',
    choices: ['paper', 'released'],
    help: "'paper' (the published method) or 'released' (the authors' code: correlation all ones, pressure rising from --pressure-end to --pressure-start)",
  },
  { key: 'warmupEpochs', flag: '--warmup-epochs <n>', type: 'integer', schedule: 'start', minimum: 0, help: 'epochs of uniform batches before selection starts' },
  { key: 'correlationStart', flag: '--correlation-start <e>', type: 'integer', schedule: 'start', minimum: 0, help: "first epoch whose distribution uses the label correlation ('paper'; all ones before)" },
  { key: 'pressureStart', flag: '--pressure-start <s>', type: 'number', minimum: 1, help: 'selection pressure until the decay starts' },
  { key: 'pressureEnd', flag: '--pressure-end <s>', type: 'number', minimum: 1, help: 'selection pressure at the end of the decay' },
  { key: 'pressureDecayStart', flag: '--pressure-decay-start <e>', type: 'integer', schedule: 'start', minimum: 0, help: 'first epoch of the pressure decay' },
  { key: 'pressureDecayEnd', flag: '--pressure-decay-end <e>', type: 'integer', schedule: 'end', minimum: 0, help: 'epoch the decay ends' },
];

export function ubsConfigProblems(c: UbsConfig): string[] {
  const problems: string[] = [];
  if (c.pressureDecayEnd < c.pressureDecayStart) problems.push(`pressureDecayEnd (${c.pressureDecayEnd}) must not be before pressureDecayStart (${c.pressureDecayStart})`);
  return problems;
}

/** The full config from overrides, with the same single error as ubsMethod.resolve. */
export function resolveUbsConfig(overrides: Partial<UbsConfig> | Record<string, unknown> = {}): UbsConfig {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const problems = optionProblems(UBS_OPTIONS, given);
  const config = { ...DEFAULT_UBS_CONFIG, ...given } as UbsConfig;
  if (problems.length === 0) problems.push(...ubsConfigProblems(config));
  if (problems.length) throw new Error(`invalid ubs configuration: ${problems.join('; ')}`);
  return config;
}

/** s(e): decaying for 'paper'; for 'released' the start and end swapped, as their code calls it. */
export function ubsPressure(c: UbsConfig, epoch: number): number {
  const [start, end] = c.variant === 'released' ? [c.pressureEnd, c.pressureStart] : [c.pressureStart, c.pressureEnd];
  return decayingPressure({ start, end, from: c.pressureDecayStart, to: c.pressureDecayEnd }, epoch);
}

/** Whether the distribution of `epoch` uses the mutual-information correlation. */
export function ubsUsesCorrelation(c: UbsConfig, epoch: number): boolean {
  return c.variant === 'paper' && epoch >= c.correlationStart;
}

export function ubsPlan(c: UbsConfig): SelectionPlan {
  return {
    warmupEpochs: c.warmupEpochs,
    warmupOrder: 'reshuffle',
    schedule: (epoch) => ({ pressure: ubsPressure(c, epoch), variant: c.variant, correlationSource: ubsUsesCorrelation(c, epoch) ? 'mutual information' : 'all ones' }),
  };
}
