/**
 * TypeScript twin of the OBS kernel (shaders/obs/observe.wgsl), described in kernels.ts. The
 * per-epoch distribution uses the shared sampling twins (../sampling/reference.ts).
 */

/** Threads per row of observe.wgsl: the order of its f32 sum depends on it. */
export const OBSERVE_WORKGROUP = 64;

export interface ObsState {
  /** N: instance loss (mean BCE over the labels) at its latest observation, float32. */
  loss: Float32Array;
  /** N: training visits so far. */
  count: Uint32Array;
}

export function createObsState(N: number): ObsState {
  if (!Number.isInteger(N) || N < 1) throw new Error(`createObsState: N must be a positive integer, got ${N}`);
  return { loss: new Float32Array(N), count: new Uint32Array(N) };
}

/**
 * The mean of row `offset .. offset + L - 1` of `bce` exactly as observe.wgsl computes it in
 * f32: thread t sums entries t, t + WG, ... in turn, a tree adds the WG partial sums (stride
 * WG/2 down to 1), and the sum is multiplied by f32(1 / L).
 */
export function rowMeanReference(bce: ArrayLike<number>, offset: number, L: number, workgroup = OBSERVE_WORKGROUP): number {
  const f = Math.fround;
  const partial = new Float32Array(workgroup);
  for (let t = 0; t < workgroup; t++) {
    let sum = 0;
    for (let j = t; j < L; j += workgroup) sum = f(sum + f(bce[offset + j]!));
    partial[t] = sum;
  }
  for (let stride = workgroup >> 1; stride > 0; stride >>= 1) {
    for (let t = 0; t < stride; t++) partial[t] = f(partial[t]! + partial[t + stride]!);
  }
  return f(partial[0]! * f(1 / L));
}

/**
 * Twin of one observe.wgsl dispatch: for each row b, loss[indices[b]] = mean_j bce[b, j] and
 * count[indices[b]] += visit (1 for a training step, 0 for a full evaluation pass). Every
 * argument is checked before anything is written.
 */
export function observeLossReference(state: ObsState, indices: ArrayLike<number>, bce: ArrayLike<number>, labels: number, visit: 0 | 1): void {
  const N = state.loss.length;
  const n = indices.length;
  if (!Number.isInteger(labels) || labels < 1) throw new Error(`observeLossReference: labels must be a positive integer, got ${labels}`);
  if (bce.length !== n * labels) throw new Error(`observeLossReference: bce holds ${bce.length} values, expected ${n} x ${labels} = ${n * labels}`);
  const seen = new Set<number>();
  for (let b = 0; b < n; b++) {
    const i = indices[b]!;
    if (!Number.isInteger(i) || i < 0 || i >= N) throw new Error(`observeLossReference: index ${i} at row ${b} is outside 0..${N - 1}`);
    if (seen.has(i)) throw new Error(`observeLossReference: index ${i} appears twice in one batch`);
    seen.add(i);
  }
  for (let b = 0; b < n; b++) {
    const i = indices[b]!;
    state.loss[i] = rowMeanReference(bce, b * labels, labels);
    state.count[i] = state.count[i]! + visit;
  }
}
