/**
 * Every knob of D2ACE (D2ACE-SPEC sections 2-4) with the reference defaults, and their
 * validation. The GPU kernels and the TypeScript twin read the same object.
 */

export type LossNorm = 'reference' | 'bounded';
/** 'defined': the spec's NaN-free E; 'reference': E is NaN where the authors' code makes it NaN. */
export type NanMode = 'defined' | 'reference';
/** 'independent': every batch drawn on its own (the reference); 'epoch': one weighted permutation per epoch. */
export type DrawMode = 'independent' | 'epoch';

export interface D2aceConfig {
  /** History window W: sigmoid vectors kept per instance. */
  window: number;
  /** Flip EMA weight alpha: F <- alpha |p_last - p_prev| + (1 - alpha) F. */
  alpha: number;
  /** Neighbours k of the local label context (plus the instance itself). */
  neighbors: number;
  /** Epochs 0..warmupEpochs-1 go through the training set in a fixed order. */
  warmupEpochs: number;
  /** Selection pressure s(e): pressureStart until decayStart, then geometric decay to pressureEnd at decayEnd. */
  pressureStart: number;
  pressureEnd: number;
  /** First epoch of the pressure decay (reference: 10). */
  pressureDecayStart: number;
  /** Epoch where the decay reaches pressureEnd; undefined = the total number of epochs. */
  pressureDecayEnd?: number;
  /** Mixture weight of the uncertainty distribution: betaStart until betaRangeStart, linear to betaEnd at betaRangeEnd. */
  betaStart: number;
  betaEnd: number;
  betaRangeStart: number;
  betaRangeEnd: number;
  /** 'reference' = 2 - exp(-l) as the authors' code computes; 'bounded' = 1 - exp(-l), the evident intent. */
  lossNorm: LossNorm;
  /**
   * 'defined' (the spec, section 2.3): E has no pair term before a second visit and p is
   * clamped in the entropy. 'reference' (the authors' code): E is NaN after a first visit
   * (0 / 0) and where a sigmoid saturates to exactly 0 or 1 (0 log 0, no clamp); one NaN makes
   * every uncertainty score NaN there, and their sampler then treats the uncertainty
   * distribution as uniform without a word. For like-for-like comparisons with their numbers.
   */
  nan: NanMode;
  /**
   * 'independent' (the reference): each of the ceil(N/B) batches is its own weighted draw
   * without replacement, so an epoch reaches at most about 1 - 1/e of the set. 'epoch': one
   * weighted sample without replacement of the whole set (a weighted random permutation),
   * cut into batches, so every instance is visited once per epoch and pi decides the order.
   */
  draw: DrawMode;
  /** Probabilities are clamped to [clamp, 1 - clamp] in the binary entropy. */
  entropyClamp: number;
  /** Added to column norms and row sums before dividing. */
  epsilon: number;
}

export const DEFAULT_D2ACE_CONFIG: D2aceConfig = {
  window: 5,
  alpha: 0.7,
  neighbors: 6,
  warmupEpochs: 10,
  pressureStart: 8,
  pressureEnd: 1,
  pressureDecayStart: 10,
  betaStart: 0.7,
  betaEnd: 0.3,
  betaRangeStart: 10,
  betaRangeEnd: 70,
  lossNorm: 'reference',
  nan: 'defined',
  draw: 'independent',
  entropyClamp: 1e-7,
  epsilon: 1e-8,
};

/** Full config from partial overrides; throws one error listing every problem. */
export function resolveD2aceConfig(overrides: Partial<D2aceConfig> = {}): D2aceConfig {
  const c: D2aceConfig = { ...DEFAULT_D2ACE_CONFIG, ...overrides };
  const problems = d2aceConfigProblems(c);
  if (problems.length) throw new Error(`invalid D2ACE configuration: ${problems.join('; ')}`);
  return c;
}

/** Every problem of a full config, one string each. */
export function d2aceConfigProblems(c: D2aceConfig): string[] {
  const problems: string[] = [];
  const int = (name: keyof D2aceConfig, min: number) => {
    const v = c[name] as number;
    if (!Number.isInteger(v) || v < min) problems.push(`${name} must be an integer >= ${min}, got ${v}`);
  };
  int('window', 2);
  int('neighbors', 0);
  int('warmupEpochs', 0);
  int('pressureDecayStart', 0);
  int('betaRangeStart', 0);
  int('betaRangeEnd', 0);
  if (c.pressureDecayEnd !== undefined) int('pressureDecayEnd', 0);
  if (!(c.alpha >= 0 && c.alpha <= 1)) problems.push(`alpha must be in [0, 1], got ${c.alpha}`);
  if (!(c.pressureStart >= 1)) problems.push(`pressureStart must be >= 1, got ${c.pressureStart}`);
  if (!(c.pressureEnd >= 1)) problems.push(`pressureEnd must be >= 1, got ${c.pressureEnd}`);
  for (const name of ['betaStart', 'betaEnd'] as const) {
    if (!(c[name] >= 0 && c[name] <= 1)) problems.push(`${name} must be in [0, 1], got ${c[name]}`);
  }
  if (c.betaRangeEnd < c.betaRangeStart) problems.push(`betaRangeEnd (${c.betaRangeEnd}) must not be before betaRangeStart (${c.betaRangeStart})`);
  if (c.lossNorm !== 'reference' && c.lossNorm !== 'bounded') problems.push(`lossNorm must be 'reference' or 'bounded', got '${String(c.lossNorm)}'`);
  if (c.nan !== 'defined' && c.nan !== 'reference') problems.push(`nan must be 'defined' or 'reference', got '${String(c.nan)}'`);
  if (c.draw !== 'independent' && c.draw !== 'epoch') problems.push(`draw must be 'independent' or 'epoch', got '${String(c.draw)}'`);
  if (!(c.entropyClamp > 0 && c.entropyClamp < 0.5)) problems.push(`entropyClamp must be in (0, 0.5), got ${c.entropyClamp}`);
  if (!(c.epsilon > 0)) problems.push(`epsilon must be > 0, got ${c.epsilon}`);
  return problems;
}

/** Selection pressure s(e) (spec 3.8): 8 before epoch 10, then 8 (1/8)^((e-10)/(E-10)), at least 1. */
export function selectionPressure(c: D2aceConfig, epoch: number, epochs: number): number {
  if (epoch < c.pressureDecayStart) return c.pressureStart;
  const end = c.pressureDecayEnd ?? epochs;
  const span = Math.max(1, end - c.pressureDecayStart);
  const t = Math.min(1, (epoch - c.pressureDecayStart) / span);
  return Math.max(c.pressureEnd, c.pressureStart * (c.pressureEnd / c.pressureStart) ** t);
}

/** Mixture weight beta(e) (spec 3.9): 0.7 until epoch 10, linearly to 0.3 at 70, then 0.3. */
export function mixtureBeta(c: D2aceConfig, epoch: number): number {
  const span = c.betaRangeEnd - c.betaRangeStart;
  if (span <= 0) return epoch < c.betaRangeStart ? c.betaStart : c.betaEnd;
  const t = (Math.min(Math.max(epoch, c.betaRangeStart), c.betaRangeEnd) - c.betaRangeStart) / span;
  return c.betaStart + (c.betaEnd - c.betaStart) * t;
}

/** Where the schedule stands at `epoch`: phase, pressure and beta (for inspect() reports). */
export function scheduleAt(c: D2aceConfig, epoch: number, epochs: number): { phase: 'warm-up' | 'selection'; pressure: number; beta: number } {
  return { phase: epoch < c.warmupEpochs ? 'warm-up' : 'selection', pressure: selectionPressure(c, epoch, epochs), beta: mixtureBeta(c, epoch) };
}

/** The one note a run with nan: 'reference' gets when its uncertainty distribution first turns uniform. */
export function referenceNanNote(epoch: number): string {
  return (
    `D2ACE epoch ${epoch} (nan: 'reference'): the uncertainty E has NaN entries (a first visit or a sigmoid saturated to 0 or 1), ` +
    `so its distribution is uniform this epoch, as in the authors' code; later epochs like this are counted in the selector internals, not reported`
  );
}

/** The D2ACE schedule (warm-up in a fixed order, pressure and beta) shared by GPU and twin. */
export function d2acePlan(config: D2aceConfig) {
  return { warmupEpochs: config.warmupEpochs, warmupOrder: 'fixed' as const, schedule: (epoch: number, epochs: number) => scheduleAt(config, epoch, epochs) };
}
