/** Seeded random matrices for tests: the same inputs in Node and in the browser. */
import { seededRandom } from '../../src/util/random';

export { seededRandom };

export function randomMatrix(rows: number, cols: number, seed: number, scale = 1, offset = 0): Float32Array {
  const next = seededRandom(seed);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = offset + scale * (2 * next() - 1);
  return out;
}
