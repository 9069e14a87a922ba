/**
 * TypeScript twins of the Recency Bias kernels (shaders/recency-bias/, described in kernels.ts):
 * pure functions on typed arrays, with the same packed layout and the same f32 steps.
 */
import { RECENCY_MAX_WINDOW } from './config';

/** Bits per label window, and windows per u32 word. */
export const FIELD_BITS = 10;
export const FIELDS_PER_WORD = 3;

/** u32 words per instance for `labels` labels. */
export function windowWords(labels: number): number {
  return Math.ceil(labels / FIELDS_PER_WORD);
}

/** Binary entropy in bits of k / n (0 log 0 = 0), in f64. */
export function binaryEntropyBits(k: number, n: number): number {
  if (k <= 0 || k >= n) return 0;
  const f = k / n;
  return -(f * Math.log2(f) + (1 - f) * Math.log2(1 - f));
}

/** H(k / n) rounded to f32 at (n - 1)(n + 2) / 2 + k, n = 1..10: the ENTROPY table of uncertainty.wgsl. */
export const ENTROPY_TABLE: Float32Array = (() => {
  const table: number[] = [];
  for (let n = 1; n <= RECENCY_MAX_WINDOW; n++) for (let k = 0; k <= n; k++) table.push(binaryEntropyBits(k, n));
  return Float32Array.from(table);
})();

export function entropyIndex(ones: number, n: number): number {
  return ((n - 1) * (n + 2)) / 2 + ones;
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x >>> 0; v; v &= v - 1) c++;
  return c;
}

/** The window field of (instance i, label j): bit 0 the newest prediction. */
export function windowField(bits: Uint32Array, words: number, i: number, j: number): number {
  const word = bits[i * words + Math.floor(j / FIELDS_PER_WORD)]!;
  return (word >>> (FIELD_BITS * (j % FIELDS_PER_WORD))) & 0x3ff;
}

/**
 * Twin of observe.wgsl: for each batch row b (instance indices[b], distinct), shift
 * (probs[b, j] > 0.5) into label j's window, keep the last `window` bits, count the visit.
 */
export function observeReference(bits: Uint32Array, count: Uint32Array, labels: number, window: number, indices: ArrayLike<number>, probs: ArrayLike<number>): void {
  const words = windowWords(labels);
  const mask = (1 << window) - 1;
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b]!;
    for (let m = 0; m < words; m++) {
      const old = bits[i * words + m]!;
      let word = 0;
      for (let h = 0; h < FIELDS_PER_WORD; h++) {
        const j = FIELDS_PER_WORD * m + h;
        if (j >= labels) break;
        const shift = FIELD_BITS * h;
        const vote = probs[b * labels + j]! > 0.5 ? 1 : 0;
        const field = (((old >>> shift) << 1) | vote) & mask;
        word |= field << shift;
      }
      bits[i * words + m] = word >>> 0;
    }
    count[i] = count[i]! + 1;
  }
}

/**
 * Twin of uncertainty.wgsl: U_i = min(1, f32(sum_j H(ones_ij / n_i)) * f32(1 / L)) with
 * n_i = min(count_i, window) (0 when n_i = 0), summed j = 0, 1, ... in f32.
 */
export function uncertaintyReference(bits: Uint32Array, count: Uint32Array, rows: number, labels: number, window: number): Float32Array {
  const f = Math.fround;
  const words = windowWords(labels);
  const invLabels = f(1 / labels);
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const n = Math.min(count[i]!, window);
    if (n === 0) continue;
    const mask = (1 << n) - 1;
    let total = 0;
    for (let j = 0; j < labels; j++) total = f(total + ENTROPY_TABLE[entropyIndex(popcount(windowField(bits, words, i, j) & mask), n)]!);
    out[i] = Math.min(1, f(total * invLabels));
  }
  return out;
}
