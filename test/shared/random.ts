/** Seeded random numbers for tests (mulberry32): the same inputs in Node and in the browser. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomMatrix(rows: number, cols: number, seed: number, scale = 1, offset = 0): Float32Array {
  const next = seededRandom(seed);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = offset + scale * (2 * next() - 1);
  return out;
}
