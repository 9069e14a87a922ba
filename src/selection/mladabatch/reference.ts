/**
 * TypeScript twins of the MLAdaBatch kernels (shaders/mladabatch/, described in kernels.ts):
 * pure functions on typed arrays with the kernels' integer steps and f32 rounding. The loss
 * comes from OBS's twin (../obs/reference.ts), the distribution from the shared sampling twins.
 *
 * Definitions (BASELINES "Hard and imbalanced samples", as decided for this project):
 * - n_j = positives of label j; IRLbl_j = max_k n_k / n_j over the labels with n_j > 0, and the
 *   minority labels are those with IRLbl_j > the mean IRLbl of those labels. The authors' code
 *   (calweight in iunanyou/D2ACE function.py) adds 1e-6 to n_j instead, so a label without
 *   positives gets IRLbl ~ max/1e-6: it lifts the mean above every real label's ratio and is then
 *   the only minority label, while having no positive instance to weigh (every W_i = 1).
 * - For a minority label j and a positive instance i: k_ij = how many of i's k neighbours (the
 *   shared graph, self excluded, k = 5) lack label j; C_ij = k_ij / k is kept only when
 *   0 < C_ij < 1, i.e. 1 <= k_ij <= k - 1; K_j = sum of the kept k_ij (an integer); the
 *   normalised value is k_ij / K_j (= C_ij / column sum of kept C); W_i = 1 + sum over minority j.
 *   With fewer than 5 other instances the graph has k = N - 1 neighbours, and k replaces 5.
 */

/** Threads of minority.wgsl: the order of its f32 sum of ratios depends on it. */
export const MINORITY_WORKGROUP = 256;

const f = Math.fround;

function checkGraph(what: string, labels: ArrayLike<number>, neighbors: ArrayLike<number>, rows: number, L: number, width: number): void {
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`${what}: rows must be a positive integer, got ${rows}`);
  if (!Number.isInteger(L) || L < 1) throw new Error(`${what}: labels must be a positive integer, got ${L}`);
  if (!Number.isInteger(width) || width < 1) throw new Error(`${what}: width must be a positive integer, got ${width}`);
  if (labels.length !== rows * L) throw new Error(`${what}: the labels hold ${labels.length} values, expected ${rows} x ${L} = ${rows * L}`);
  if (neighbors.length !== rows * width) throw new Error(`${what}: the neighbour rows hold ${neighbors.length} values, expected ${rows} x ${width} = ${rows * width}`);
  for (let e = 0; e < neighbors.length; e++) {
    const nb = neighbors[e]!;
    if (!Number.isInteger(nb) || nb < 0 || nb >= rows) throw new Error(`${what}: neighbour ${nb} in row ${Math.floor(e / width)} is outside 0..${rows - 1}`);
  }
}

/** A label is present when its 0/1 float is above 0.5 (as the kernels test it). */
function has(labels: ArrayLike<number>, L: number, i: number, j: number): boolean {
  return labels[i * L + j]! > 0.5;
}

/** k_ij: how many of row i's neighbours (columns 1..width-1; column 0 is i itself) lack label j. */
export function neighborMismatches(labels: ArrayLike<number>, neighbors: ArrayLike<number>, L: number, width: number, i: number, j: number): number {
  let mismatches = 0;
  for (let r = 1; r < width; r++) if (!has(labels, L, neighbors[i * width + r]!, j)) mismatches++;
  return mismatches;
}

/** Whether k_ij is kept: 0 < k_ij / k < 1. */
function kept(mismatches: number, width: number): boolean {
  return mismatches >= 1 && mismatches < width - 1;
}

export interface LabelCounts {
  /** n_j: instances with label j. */
  positives: Uint32Array;
  /** K_j: the sum of kept k_ij over the positives of j (for every label; minority is applied later). */
  mismatchTotals: Uint32Array;
}

/** Twin of label_counts.wgsl (integers: exact). */
export function labelCountsReference(labels: ArrayLike<number>, neighbors: ArrayLike<number>, rows: number, L: number, width: number): LabelCounts {
  checkGraph('labelCountsReference', labels, neighbors, rows, L, width);
  const positives = new Uint32Array(L);
  const mismatchTotals = new Uint32Array(L);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < L; j++) {
      if (!has(labels, L, i, j)) continue;
      positives[j]!++;
      const m = neighborMismatches(labels, neighbors, L, width, i, j);
      if (kept(m, width)) mismatchTotals[j]! += m;
    }
  }
  return { positives, mismatchTotals };
}

export interface MinorityLabels {
  /** 1 for a minority label, else 0. */
  minority: Uint32Array;
  /** f32 IRLbl_j = max n / n_j, 0 for a label without positives (left out of the mean). */
  ratios: Float32Array;
  /** The f32 mean ratio over the labels with positives (0 if there are none). */
  meanRatio: number;
}

/**
 * Twin of minority.wgsl: the same f32 steps and the same order of the sum (thread t adds labels
 * t, t + WG, ... in turn, then a tree over the WG partial sums, stride WG/2 down to 1).
 */
export function minorityLabelsReference(positives: ArrayLike<number>, workgroup = MINORITY_WORKGROUP): MinorityLabels {
  const L = positives.length;
  let most = 0;
  let labelled = 0;
  for (let j = 0; j < L; j++) {
    most = Math.max(most, positives[j]!);
    if (positives[j]! > 0) labelled++;
  }
  const maxN = f(most);
  const ratios = new Float32Array(L);
  for (let j = 0; j < L; j++) if (positives[j]! > 0) ratios[j] = f(maxN / positives[j]!);
  const partial = new Float32Array(workgroup);
  for (let t = 0; t < workgroup; t++) {
    let sum = 0;
    for (let j = t; j < L; j += workgroup) if (positives[j]! > 0) sum = f(sum + ratios[j]!);
    partial[t] = sum;
  }
  for (let stride = workgroup >> 1; stride > 0; stride >>= 1) {
    for (let t = 0; t < stride; t++) partial[t] = f(partial[t]! + partial[t + stride]!);
  }
  const meanRatio = f(partial[0]! / Math.max(labelled, 1));
  const minority = Uint32Array.from({ length: L }, (_, j) => (positives[j]! > 0 && ratios[j]! > meanRatio ? 1 : 0));
  return { minority, ratios, meanRatio };
}

/** Twin of imbalance_weights.wgsl: W_i = 1 + (f32 sum over j = 0, 1, ... of f32(k_ij / K_j)). */
export function imbalanceWeightsReference(
  labels: ArrayLike<number>,
  neighbors: ArrayLike<number>,
  rows: number,
  L: number,
  width: number,
  minority: ArrayLike<number>,
  mismatchTotals: ArrayLike<number>,
): Float32Array {
  checkGraph('imbalanceWeightsReference', labels, neighbors, rows, L, width);
  if (minority.length !== L || mismatchTotals.length !== L) throw new Error(`imbalanceWeightsReference: expected ${L} minority flags and column totals, got ${minority.length} and ${mismatchTotals.length}`);
  const weights = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < L; j++) {
      if (!minority[j] || !has(labels, L, i, j)) continue;
      const m = neighborMismatches(labels, neighbors, L, width, i, j);
      if (kept(m, width)) sum = f(sum + f(m / mismatchTotals[j]!));
    }
    weights[i] = f(1 + sum);
  }
  return weights;
}

export interface ImbalanceWeights extends LabelCounts {
  minority: Uint32Array;
  weights: Float32Array;
}

/** The three kernels in turn, as initialize runs them: counts, minority labels, W. */
export function imbalanceWeightsFromGraph(labels: ArrayLike<number>, neighbors: ArrayLike<number>, rows: number, L: number, width: number): ImbalanceWeights {
  const counts = labelCountsReference(labels, neighbors, rows, L, width);
  const { minority } = minorityLabelsReference(counts.positives);
  return { ...counts, minority, weights: imbalanceWeightsReference(labels, neighbors, rows, L, width, minority, counts.mismatchTotals) };
}

/** Twin of score.wgsl: score_i = f32(loss_i * W_i). */
export function scoreReference(loss: ArrayLike<number>, weights: ArrayLike<number>): Float32Array {
  if (loss.length !== weights.length) throw new Error(`scoreReference: ${loss.length} losses but ${weights.length} weights`);
  return Float32Array.from(loss, (l, i) => f(f(l) * f(weights[i]!)));
}

/**
 * Twin of max_ratio_weights.wgsl: q_i = clamp(ceil(f32(f32(score_i / max) * N)), 0, N) (0 for
 * all when max <= 0), log w_i = f32(f32(ln s) q_i) / N. Any non-finite score: q and every
 * log-weight NaN (normalize_log_weights then falls back to uniform).
 */
export function maxRatioLogWeightsReference(scores: ArrayLike<number>, pressure: number): { q: Float64Array; logWeights: Float32Array } {
  const n = scores.length;
  let high = -Infinity;
  let failed = false;
  for (let i = 0; i < n; i++) {
    const s = f(scores[i]!);
    if (!Number.isFinite(s)) failed = true;
    high = Math.max(high, s);
  }
  const logPressure = f(Math.log(pressure));
  const q = new Float64Array(n);
  const logWeights = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (failed) {
      q[i] = NaN;
      logWeights[i] = NaN;
      continue;
    }
    q[i] = high > 0 ? Math.min(n, Math.max(0, Math.ceil(f(f(f(scores[i]!) / high) * n)))) : 0;
    logWeights[i] = f(f(logPressure * q[i]!) / n);
  }
  return { q, logWeights };
}
