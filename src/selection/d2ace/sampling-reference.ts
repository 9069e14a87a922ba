/**
 * TypeScript twin of shaders/d2ace_sample.wgsl: batch g of an epoch is the B largest keys
 * log(pi_i) - log(-log(u_i)), u_i = rng(seed, epoch, g, i) (Gumbel top-B = successive sampling
 * without replacement with probability proportional to the remaining weight), in increasing
 * index order; ties at the threshold go to the lower indices. Keys are computed in f32 like the GPU.
 */
import { rngOpenUniform, rngU32x4 } from '../../util/counter-rng';

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
