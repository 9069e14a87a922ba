/**
 * TypeScript twins of the shared sampling kernels (shaders/sampling/), described in kernels.ts.
 */
import { rngOpenUniform, rngU32x4 } from '../../util/counter-rng';

/**
 * Twin of sample_epoch.wgsl: batch g of an epoch is the B largest keys
 * log(pi_i) - log(-log(u_i)), u_i = rng(seed, epoch, g, i) (Gumbel top-B = successive sampling
 * without replacement with probability proportional to the remaining weight), in increasing
 * index order; ties at the threshold go to the lower indices. Keys are computed in f32 like the GPU.
 */
export function sampleBatchReference(logPi: ArrayLike<number>, batch: number, seed: number, epoch: number, g: number): Int32Array {
  const n = logPi.length;
  if (!Number.isInteger(batch) || batch < 1 || batch > n) throw new Error(`batch must be an integer in 1..${n}, got ${batch}`);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.fround(rngOpenUniform(rngU32x4(seed, epoch, g, i)));
    keys[i] = Math.fround(Math.fround(logPi[i]!) - Math.fround(Math.log(-Math.log(u))));
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[b]! - keys[a]! || a - b);
  return Int32Array.from(order.slice(0, batch)).sort();
}

/**
 * Exact inclusion probabilities of successive sampling without replacement of `size` items
 * with weights `p` (each draw proportional to the remaining weight), by enumerating all
 * ordered draws. For small n only (tests).
 */
export function inclusionProbabilities(p: number[], size: number): number[] {
  const n = p.length;
  const inclusion = new Array<number>(n).fill(0);
  const walk = (chosen: number[], probability: number, remaining: number) => {
    if (chosen.length === size) {
      for (const i of chosen) inclusion[i]! += probability;
      return;
    }
    for (let i = 0; i < n; i++) {
      if (chosen.includes(i)) continue;
      walk([...chosen, i], (probability * p[i]!) / remaining, remaining - p[i]!);
    }
  };
  walk([], 1, p.reduce((a, b) => a + b, 0));
  return inclusion;
}

/**
 * How an epoch's batches are drawn (sample_epoch.wgsl's `mode`): 'independent' = each batch
 * its own weighted draw without replacement; 'epoch' = one weighted random permutation of the
 * whole set cut into batches (the last one completed from the permutation's start).
 */
export type DrawMode = 'independent' | 'epoch';

export function drawModeCode(mode: DrawMode): number {
  return mode === 'epoch' ? 1 : 0;
}

/**
 * Twin of sample_epoch.wgsl in mode 'epoch': the keys of stream 0 in decreasing order (ties to
 * the lower index) are a weighted random permutation; batch g is ranks [gB, gB + B), the last
 * completed with ranks [0, gB + B - N) when B does not divide N; each batch in increasing index order.
 */
export function samplePermutationEpochReference(logPi: ArrayLike<number>, batch: number, seed: number, epoch: number, count: number): Int32Array {
  const n = logPi.length;
  if (!Number.isInteger(batch) || batch < 1 || batch > n) throw new Error(`batch must be an integer in 1..${n}, got ${batch}`);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.fround(rngOpenUniform(rngU32x4(seed, epoch, 0, i)));
    keys[i] = Math.fround(Math.fround(logPi[i]!) - Math.fround(Math.log(-Math.log(u))));
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[b]! - keys[a]! || a - b);
  const out = new Int32Array(count * batch);
  for (let g = 0; g < count; g++) {
    const ranks = Array.from({ length: batch }, (_, r) => (g * batch + r) % n);
    out.set(Int32Array.from(ranks, (r) => order[r]!).sort(), g * batch);
  }
  return out;
}

/** Twin of a whole sample_epoch dispatch: batches 0..count-1 of `epoch`, concatenated. */
export function sampleEpochReference(logPi: ArrayLike<number>, batch: number, seed: number, epoch: number, count: number, mode: DrawMode = 'independent'): Int32Array {
  if (mode === 'epoch') return samplePermutationEpochReference(logPi, batch, seed, epoch, count);
  const out = new Int32Array(count * batch);
  for (let g = 0; g < count; g++) out.set(sampleBatchReference(logPi, batch, seed, epoch, g), g * batch);
  return out;
}

const bitsView = new DataView(new ArrayBuffer(4));

/** The order-preserving u32 of an f32 that the kernels compare (non-finite: 0, the worst). */
export function orderBits(value: number): number {
  if (!Number.isFinite(value)) return 0;
  bitsView.setFloat32(0, value, true);
  const bits = bitsView.getUint32(0, true);
  return (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
}

/**
 * Twin of rank_weights.wgsl: rank 1 = the largest score (ties to the lower index),
 * log w_i = -ln(pressure) r_i / N; NaN for a non-finite score.
 */
export function rankLogWeightsReference(scores: ArrayLike<number>, pressure: number): Float64Array {
  const n = scores.length;
  const keys = Array.from({ length: n }, (_, i) => orderBits(scores[i]!));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[b]! - keys[a]! || a - b);
  const out = new Float64Array(n);
  const logPressure = Math.fround(Math.log(pressure));
  order.forEach((i, r) => {
    out[i] = Number.isFinite(scores[i]!) ? Math.fround(Math.fround(-logPressure * (r + 1)) / n) : NaN;
  });
  return out;
}

/**
 * Twin of value_weights.wgsl: u = minmax(score) (or the score itself when `normalize` is
 * false), q = clamp(ceil((1 - u) N), 1, N), log w = -ln(pressure) q / N; all NaN if any
 * score is not finite. Computed in f32 steps like the kernel, so q lands on the same integer.
 */
export function valueLogWeightsReference(scores: ArrayLike<number>, pressure: number, normalize: boolean): Float64Array {
  const n = scores.length;
  const f = Math.fround;
  let low = Infinity;
  let high = -Infinity;
  let failed = false;
  for (let i = 0; i < n; i++) {
    const s = f(scores[i]!);
    if (!Number.isFinite(s)) failed = true;
    low = Math.min(low, s);
    high = Math.max(high, s);
  }
  const logPressure = f(Math.log(pressure));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (failed) {
      out[i] = NaN;
      continue;
    }
    const s = f(scores[i]!);
    const u = normalize ? (high > low ? f(f(s - low) / f(high - low)) : 0) : s;
    const q = Math.min(n, Math.max(1, Math.ceil(f(f(1 - u) * n))));
    out[i] = f(f(-logPressure * q) / n);
  }
  return out;
}

/**
 * Twin of normalize_log_weights.wgsl (in f64): pi = softmax(log w), or uniform with
 * `fallback` when any log-weight is not finite.
 */
export function normalizeLogWeightsReference(logW: ArrayLike<number>): { pi: Float64Array; logPi: Float64Array; fallback: boolean } {
  const n = logW.length;
  const pi = new Float64Array(n);
  const logPi = new Float64Array(n);
  let m = -Infinity;
  let fallback = false;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(logW[i]!)) fallback = true;
    m = Math.max(m, logW[i]!);
  }
  if (fallback) {
    pi.fill(1 / n);
    logPi.fill(-Math.log(n));
    return { pi, logPi, fallback };
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.exp(logW[i]! - m);
  const logTotal = Math.log(total);
  for (let i = 0; i < n; i++) {
    logPi[i] = logW[i]! - m - logTotal;
    pi[i] = Math.exp(logPi[i]!);
  }
  return { pi, logPi, fallback };
}
