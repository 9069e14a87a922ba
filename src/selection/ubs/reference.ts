/**
 * TypeScript twins of the UBS kernels (shaders/ubs/, described in kernels.ts): pure functions
 * on typed arrays. Quantisation and scores take the same f32 steps as the GPU; the mutual
 * information is computed in f64 (the GPU's f32 logarithms differ by a few ulps).
 */

/** The level of each bin: the centre of E's bin of width 0.2. */
export const UBS_LEVELS = Float32Array.of(0.1, 0.3, 0.5, 0.7, 0.9);

/** Twin of ubs_quantize: bin = clamp(floor(f32(E * 5)), 0, 4). */
export function quantizeReference(E: ArrayLike<number>): Uint8Array {
  const bins = new Uint8Array(E.length);
  for (let k = 0; k < E.length; k++) bins[k] = Math.min(4, Math.max(0, Math.floor(Math.fround(Math.fround(E[k]!) * 5))));
  return bins;
}

/** Twin of ubs_mutual_information: I_jk (nats) of the bin columns j and k over N rows, L x L. */
export function mutualInformationReference(bins: ArrayLike<number>, rows: number, labels: number): Float64Array {
  const mi = new Float64Array(labels * labels);
  const counts = new Float64Array(25);
  for (let j = 0; j < labels; j++) {
    for (let k = j; k < labels; k++) {
      counts.fill(0);
      for (let i = 0; i < rows; i++) counts[bins[i * labels + j]! * 5 + bins[i * labels + k]!]! += 1;
      const rowA = new Float64Array(5);
      const colB = new Float64Array(5);
      for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) {
        rowA[a]! += counts[a * 5 + b]!;
        colB[b]! += counts[a * 5 + b]!;
      }
      let total = 0;
      for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) {
        const c = counts[a * 5 + b]!;
        if (c > 0) total += (c / rows) * Math.log((c * rows) / (rowA[a]! * colB[b]!));
      }
      mi[j * labels + k] = total;
      mi[k * labels + j] = total;
    }
  }
  return mi;
}

/**
 * Twin of ubs_normalize_correlation: each row divided by its maximum, diagonal 1, a row with
 * maximum 0 zero off the diagonal; weights c_j = sum_k of the normalised row.
 */
export function normalizeCorrelationReference(mi: ArrayLike<number>, labels: number): { corr: Float64Array; weights: Float64Array } {
  const corr = new Float64Array(labels * labels);
  const weights = new Float64Array(labels);
  for (let j = 0; j < labels; j++) {
    let top = 0;
    for (let k = 0; k < labels; k++) top = Math.max(top, mi[j * labels + k]!);
    for (let k = 0; k < labels; k++) {
      const value = k === j ? 1 : top > 0 ? mi[j * labels + k]! / top : 0;
      corr[j * labels + k] = value;
      weights[j]! += value;
    }
  }
  return { corr, weights };
}

/** Twin of ubs_scores: w_i = sum_j level(bin_ij) c_j, summed in f32 in label order. */
export function ubsScoresReference(bins: ArrayLike<number>, weights: ArrayLike<number>, rows: number, labels: number): Float32Array {
  const f = Math.fround;
  const out = new Float32Array(rows);
  const w = Float32Array.from(weights);
  for (let i = 0; i < rows; i++) {
    let total = 0;
    for (let j = 0; j < labels; j++) total = f(total + f(UBS_LEVELS[bins[i * labels + j]!]! * w[j]!));
    out[i] = total;
  }
  return out;
}
