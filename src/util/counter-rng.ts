/** TypeScript twin of shaders/lib/rng.wgsl: identical bits for identical (seed, stream, counter). */

export function pcgHash(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

export function rngU32(seed: number, stream: number, counter: number): number {
  return pcgHash((counter + pcgHash((stream + pcgHash(seed >>> 0)) >>> 0)) >>> 0);
}

/** Uniform in [0, 1) with 24-bit resolution, as the GPU computes it. */
export function rngUniform(seed: number, stream: number, counter: number): number {
  return (rngU32(seed, stream, counter) >>> 8) / 16777216;
}

export function rngU32x4(seed: number, a: number, b: number, counter: number): number {
  return pcgHash((counter + pcgHash((b + pcgHash((a + pcgHash(seed >>> 0)) >>> 0)) >>> 0)) >>> 0);
}

/** Uniform in the open interval (0, 1), as rng_open_uniform in WGSL. */
export function rngOpenUniform(word: number): number {
  return ((word >>> 8) + 0.5) / 16777216;
}
