/**
 * TypeScript twins of the Active Bias kernels (shaders/active-bias/, described in kernels.ts):
 * pure functions on typed arrays, in f32 steps like the GPU (Math.fround after each operation),
 * so GPU and twin agree to a few ulps.
 */

/** Per-entry running statistics: visits per instance (all labels are observed together), mean and M2 per entry. */
export interface ActiveBiasState {
  N: number;
  L: number;
  /** Visits so far per instance (N): one count serves all L entries of the instance. */
  count: Uint32Array;
  /** Running mean of p_ij (N x L). */
  mean: Float32Array;
  /** Running sum of squared deviations of p_ij (N x L); population variance = M2 / count. */
  m2: Float32Array;
}

export function createActiveBiasState(N: number, L: number): ActiveBiasState {
  return { N, L, count: new Uint32Array(N), mean: new Float32Array(N * L), m2: new Float32Array(N * L) };
}

/**
 * Twin of observe.wgsl: Welford's update of every entry of the batch's instances (indices
 * distinct) with the step's sigmoid outputs `probs` (B x L):
 * n' = n + 1, delta = p - mean, mean' = mean + delta / n', M2' = M2 + delta (p - mean').
 */
export function observeReference(state: ActiveBiasState, indices: ArrayLike<number>, probs: ArrayLike<number>): void {
  const f = Math.fround;
  const { L } = state;
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b]!;
    const n = state.count[i]! + 1;
    for (let j = 0; j < L; j++) {
      const k = i * L + j;
      const p = f(probs[b * L + j]!);
      const delta = f(p - state.mean[k]!);
      const updated = f(state.mean[k]! + f(delta / n));
      state.mean[k] = updated;
      state.m2[k] = f(state.m2[k]! + f(delta * f(p - updated)));
    }
    state.count[i] = n;
  }
}

/**
 * The per-entry standard deviation estimate of Active Bias: from the population variance v of
 * n visits, sqrt(v + v^2 / (n - 1)); 0 when n <= 1. In f32 steps like score.wgsl.
 */
export function entryStdReference(m2: number, n: number): number {
  if (n <= 1) return 0;
  const f = Math.fround;
  const v = f(f(m2) / n);
  return f(Math.sqrt(f(v + f(f(v * v) / f(n - 1)))));
}

/**
 * Twin of score.wgsl: s_i = sum_j std_ij + epsilon (labels in order, f32 sums) and
 * log w_i = log s_i.
 */
export function scoresReference(state: ActiveBiasState, epsilon: number): { scores: Float32Array; logW: Float32Array } {
  const f = Math.fround;
  const { N, L } = state;
  const scores = new Float32Array(N);
  const logW = new Float32Array(N);
  const eps = f(epsilon);
  for (let i = 0; i < N; i++) {
    const n = state.count[i]!;
    let total = 0;
    if (n > 1) for (let j = 0; j < L; j++) total = f(total + entryStdReference(state.m2[i * L + j]!, n));
    scores[i] = f(total + eps);
    logW[i] = f(Math.log(scores[i]!));
  }
  return { scores, logW };
}

/**
 * Weighting mode's loss weights of one batch: each instance's score divided by the batch's
 * mean score (so the weights have mean 1 and are proportional to the scores). The selectors
 * compute this with tfjs ops on the GPU; this plain version is for tests.
 */
export function batchWeightsReference(scores: ArrayLike<number>, indices: ArrayLike<number>): Float64Array {
  const s = Float64Array.from(indices as ArrayLike<number>, (i) => scores[i]!);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return s.map((v) => v / mean);
}
