/**
 * The plain-TypeScript twin of D2ACE's math (D2ACE-SPEC sections 2-3), step by step.
 *
 * It is the CPU fallback of the GPU selector and the yardstick the WGSL kernels are compared
 * against, so every step follows the spec to the letter and states its formula. Matrices are
 * row-major typed arrays (entry (i, j) of an N x L matrix at i * L + j). Inputs are float32 /
 * uint8; everything is computed in float64 (JS numbers); the state keeps float32 like the GPU.
 */

import {
  type D2aceConfig,
  DEFAULT_D2ACE_CONFIG,
  type LossNorm,
  mixtureBeta,
  resolveD2aceConfig,
  selectionPressure,
} from './config';

// ---------------------------------------------------------------------------------------------
// Per-instance state (spec 1) and its update after every optimizer step (spec 2)
// ---------------------------------------------------------------------------------------------

export interface D2aceState {
  N: number;
  L: number;
  window: number;
  /** N*L uncertainty E. */
  E: Float32Array;
  /** N*L flip EMA F. */
  F: Float32Array;
  /** N*L latest per-entry BCE-with-logits loss. */
  loss: Float32Array;
  /** N*W*L ring buffer: entry (i, slot t, j) at (i*W + t)*L + j; the k-th push (0-based) of instance i goes to slot k % W. */
  history: Float32Array;
  /** N: number of pushes so far per instance (not capped at W). */
  count: Int32Array;
}

/** Empty state (spec 1): everything zero, no pushes yet; window W defaults to 5. */
export function createState(N: number, L: number, options: { window?: number } = {}): D2aceState {
  checkCount('createState', 'N', N, 1);
  checkCount('createState', 'L', L, 1);
  const window = resolveD2aceConfig({ window: options.window ?? DEFAULT_D2ACE_CONFIG.window }).window;
  return {
    N,
    L,
    window,
    E: new Float32Array(N * L),
    F: new Float32Array(N * L),
    loss: new Float32Array(N * L),
    history: new Float32Array(N * window * L),
    count: new Int32Array(N),
  };
}

/**
 * Records one optimizer step (spec 2) for the B instances `indices` of the batch, given that
 * step's sigmoid outputs `probs` and per-entry BCE `bce` (both B x L, row b for indices[b]).
 * For each instance i: push p_i into its window, loss_i = l_i, then update F_i and E_i.
 * Everything is validated before anything is written.
 */
export function observeStep(
  state: D2aceState,
  indices: Int32Array,
  probs: Float32Array,
  bce: Float32Array,
  config: Partial<D2aceConfig> = {},
): void {
  checkState(state);
  const c = resolveD2aceConfig({ ...config, window: config.window ?? state.window });
  if (c.window !== state.window) {
    throw new Error(`observeStep: config.window (${c.window}) differs from the state's window (${state.window}); the window is fixed by createState`);
  }
  const { N, L } = state;
  const B = indices.length;
  checkBatch(indices, N);
  checkLength('observeStep', 'probs', probs, B * L, `B*L = ${B}*${L}`);
  checkLength('observeStep', 'bce', bce, B * L, `B*L = ${B}*${L}`);
  for (let b = 0; b < B; b++) {
    const i = indices[b]!;
    pushHistory(state, i, probs, b * L);
    state.loss.set(bce.subarray(b * L, (b + 1) * L), i * L);
    for (let j = 0; j < L; j++) {
      const window = chronologicalWindow(state, i, j);
      state.F[i * L + j] = flipEma(state.F[i * L + j]!, window, c.alpha);
      state.E[i * L + j] = c.nan === 'reference' ? referenceUncertainty(window) : uncertainty(window, c.entropyClamp);
    }
  }
}

/** Spec 2.1: history[i, count_i % W, :] = p_i; count_i += 1 (the oldest of a full window is overwritten). */
function pushHistory(state: D2aceState, i: number, probs: Float32Array, offset: number): void {
  const { L, window: W } = state;
  const slot = state.count[i]! % W;
  state.history.set(probs.subarray(offset, offset + L), (i * W + slot) * L);
  state.count[i] = state.count[i]! + 1;
}

/** Spec 2: the n = min(count_i, W) values p^(1..n) of entry (i, j) in the window, oldest first. */
function chronologicalWindow(state: D2aceState, i: number, j: number): number[] {
  const { L, window: W } = state;
  const count = state.count[i]!;
  const n = Math.min(count, W);
  const values: number[] = [];
  for (let k = count - n; k < count; k++) values.push(state.history[(i * W + (k % W)) * L + j]!);
  return values;
}

/** Spec 2.2: F = alpha |p_last - p_prev| + (1 - alpha) F if n >= 2, else F = (1 - alpha) F. */
function flipEma(F: number, window: readonly number[], alpha: number): number {
  const n = window.length;
  const flip = n >= 2 ? Math.abs(window[n - 1]! - window[n - 2]!) : 0;
  return alpha * flip + (1 - alpha) * F;
}

/** Spec 2.3: E = 0.5 * mean_t |p^(t) - p^(t-1)| (0 with fewer than 2 values) + 0.5 * Hb(p_last). */
function uncertainty(window: readonly number[], clamp: number): number {
  const n = window.length;
  let sum = 0;
  for (let t = 1; t < n; t++) sum += Math.abs(window[t]! - window[t - 1]!);
  const meanChange = n >= 2 ? sum / (n - 1) : 0;
  return 0.5 * meanChange + 0.5 * binaryEntropyBits(window[n - 1]!, clamp);
}

/**
 * E as the authors' code computes it (config nan: 'reference'): mean_t |diff| is sum / count,
 * 0 / 0 = NaN with fewer than 2 values, and the entropy is unclamped, so NaN (0 log 0) at p = 0 or 1.
 */
function referenceUncertainty(window: readonly number[]): number {
  const n = window.length;
  const p = window[n - 1]!;
  if (n < 2 || !(p > 0 && p < 1)) return NaN;
  let sum = 0;
  for (let t = 1; t < n; t++) sum += Math.abs(window[t]! - window[t - 1]!);
  return 0.5 * (sum / (n - 1)) - 0.5 * (p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
}

/** Spec 2.3: Hb(p) = -(p log2 p + (1 - p) log2(1 - p)) in bits, p clamped to [clamp, 1 - clamp]. */
function binaryEntropyBits(p: number, clamp: number = DEFAULT_D2ACE_CONFIG.entropyClamp): number {
  const q = Math.min(Math.max(p, clamp), 1 - clamp);
  return -(q * Math.log2(q) + (1 - q) * Math.log2(1 - q));
}

// ---------------------------------------------------------------------------------------------
// Local label context (spec 3.4)
// ---------------------------------------------------------------------------------------------

/**
 * k nearest neighbours (spec 3.4), as an N x (k+1) row-major index matrix. Row i is i itself
 * first (always, even when another instance has exactly the same features), then the k nearest
 * OTHER instances by squared Euclidean distance, nearest first, ties broken by the lower index;
 * when there are fewer than k other instances (N - 1 < k) the row is padded with i itself.
 * The distance is accumulated in float32 in feature order c = 0..d-1,
 * D = fround(D + fround(fround(x_ic - x_jc)^2)), so that a GPU's f32 sum orders the same way.
 */
export function knnReference(X: Float32Array, N: number, d: number, k: number): Int32Array {
  checkCount('knnReference', 'N', N, 1);
  checkCount('knnReference', 'd', d, 1);
  checkCount('knnReference', 'k', k, 0);
  checkLength('knnReference', 'X', X, N * d, `N*d = ${N}*${d}`);
  for (let e = 0; e < X.length; e++) {
    if (!Number.isFinite(X[e]!)) throw new Error(`knnReference: X[${e}] (instance ${Math.floor(e / d)}, feature ${e % d}) is not finite: ${X[e]}`);
  }
  const out = new Int32Array(N * (k + 1));
  const nearest: number[] = [];
  const distances: number[] = [];
  for (let i = 0; i < N; i++) {
    nearest.length = 0;
    distances.length = 0;
    for (let j = 0; j < N; j++) {
      if (j === i) continue;
      insertNearest(nearest, distances, j, squaredDistanceF32(X, i, j, d), k);
    }
    const row = i * (k + 1);
    out[row] = i;
    for (let r = 0; r < k; r++) out[row + 1 + r] = r < nearest.length ? nearest[r]! : i;
  }
  return out;
}

/** Spec 3.4: squared Euclidean distance sum_c (x_ic - x_jc)^2, every operation rounded to float32. */
function squaredDistanceF32(X: Float32Array, i: number, j: number, d: number): number {
  let sum = 0;
  for (let c = 0; c < d; c++) {
    const diff = Math.fround(X[i * d + c]! - X[j * d + c]!);
    sum = Math.fround(sum + Math.fround(diff * diff));
  }
  return sum;
}

/** Keeps the k best (distance, index) pairs sorted; j arrives in increasing order, so a tie keeps the earlier (lower) index first. */
function insertNearest(nearest: number[], distances: number[], j: number, dist: number, k: number): void {
  if (k === 0) return;
  if (nearest.length === k && !(dist < distances[k - 1]!)) return;
  let pos = nearest.length === k ? k - 1 : nearest.length;
  while (pos > 0 && dist < distances[pos - 1]!) {
    nearest[pos] = nearest[pos - 1]!;
    distances[pos] = distances[pos - 1]!;
    pos--;
  }
  nearest[pos] = j;
  distances[pos] = dist;
}

/** Spec 3.4: Z_ij = 1 if any of the R = neighbors.length / N instances of row i has label j, else 0. */
export function localContext(neighbors: Int32Array, Y: Uint8Array, N: number, L: number): Uint8Array {
  checkCount('localContext', 'N', N, 1);
  checkCount('localContext', 'L', L, 1);
  if (neighbors.length === 0 || neighbors.length % N !== 0) {
    throw new Error(`localContext: neighbors has length ${neighbors.length}, expected a positive multiple of N = ${N}`);
  }
  checkLength('localContext', 'Y', Y, N * L, `N*L = ${N}*${L}`);
  const R = neighbors.length / N;
  const Z = new Uint8Array(N * L);
  for (let e = 0; e < neighbors.length; e++) {
    const n = neighbors[e]!;
    if (n < 0 || n >= N) throw new Error(`localContext: neighbor ${n} at position ${e} (instance ${Math.floor(e / R)}) is out of range [0, ${N})`);
    const i = Math.floor(e / R);
    for (let j = 0; j < L; j++) if (Y[n * L + j]! !== 0) Z[i * L + j] = 1;
  }
  return Z;
}

// ---------------------------------------------------------------------------------------------
// The epoch's sampling distribution (spec 3)
// ---------------------------------------------------------------------------------------------

export interface EpochInputs {
  /** N*L uncertainty. */
  E: Float32Array;
  /** N*L latest per-entry BCE. */
  loss: Float32Array;
  /** N*L flip EMA. */
  F: Float32Array;
  /** N*L labels in {0, 1}. */
  Y: Uint8Array;
  /** N*L local label context in {0, 1} (localContext). */
  Z: Uint8Array;
  N: number;
  L: number;
  /** 0-based epoch index e. */
  epoch: number;
  /** Total number of epochs (E_total of the pressure schedule). */
  epochs: number;
  /** Overrides config.lossNorm. */
  lossNorm?: LossNorm;
  config?: Partial<D2aceConfig>;
  /** Called once when a distribution fell back to uniform. */
  warn?: (message: string) => void;
}

export interface EpochDetails {
  /** N*L: H = lossNorm(l) * (1 - F). */
  hardness: Float64Array;
  /** L: v_j = exp(0.5 mean_i M_ij + 0.5 std_i M_ij) for M = E and M = H. */
  weightsE: Float64Array;
  weightsH: Float64Array;
  /** L*L: row-normalised relevant-label correlation C of E and of H. */
  correlationE: Float64Array;
  correlationH: Float64Array;
  /** N*L: S = Z C^T. */
  strengthE: Float64Array;
  strengthH: Float64Array;
  /** N: score_i = sum_j v_j M_ij + sum_j v_j M_ij Y_ij S_ij. */
  scoresE: Float64Array;
  scoresH: Float64Array;
  /** N: value-quantised probabilities of the scores with pressure s(epoch). */
  probsE: Float64Array;
  probsH: Float64Array;
  /** N: pi = beta probsE + (1 - beta) probsH. */
  pi: Float64Array;
  pressure: number;
  beta: number;
  /** True when non-finite scores or a non-finite / non-positive total forced a uniform distribution. */
  fallback: boolean;
  /** The same, per distribution (with nan: 'reference', fallbackE is the authors' silent uniform p_E). */
  fallbackE: boolean;
  fallbackH: boolean;
}

/** The epoch's sampling distribution pi over the N instances (spec 3); sums to 1. */
export function epochDistribution(inputs: EpochInputs): Float64Array {
  return epochDetails(inputs).pi;
}

/** Every intermediate of the epoch's distribution (spec 3.1-3.9). */
export function epochDetails(inputs: EpochInputs): EpochDetails {
  const c = resolveD2aceConfig({ ...inputs.config, ...(inputs.lossNorm !== undefined ? { lossNorm: inputs.lossNorm } : {}) });
  checkEpochInputs(inputs);
  const { E, loss, F, Y, Z, N, L, epoch, epochs } = inputs;
  const pressure = selectionPressure(c, epoch, epochs);
  const beta = mixtureBeta(c, epoch);

  const hardness = noiseResistantHardness(loss, F, c.lossNorm);
  const weightsE = labelWeights(E, N, L);
  const weightsH = labelWeights(hardness, N, L);
  const correlationE = relevantCorrelation(E, Y, N, L, c.epsilon);
  const correlationH = relevantCorrelation(hardness, Y, N, L, c.epsilon);
  const strengthE = correlationStrength(Z, correlationE, N, L);
  const strengthH = correlationStrength(Z, correlationH, N, L);
  const scoresE = scores(E, Y, weightsE, strengthE, N, L);
  const scoresH = scores(hardness, Y, weightsH, strengthH, N, L);
  const qE = quantizedProbabilities(scoresE, pressure);
  const qH = quantizedProbabilities(scoresH, pressure);
  const pi = mixture(qE.probs, qH.probs, beta);

  // With nan: 'reference' a NaN in E is expected and makes p_E uniform, as in the authors' code;
  // the selector notes it once per run instead of warning every epoch.
  const expectedE = c.nan === 'reference' && qE.fallback && Array.prototype.some.call(E, (e: number) => !Number.isFinite(e));
  const fellBack = [qE.fallback && !expectedE ? 'E' : '', qH.fallback ? 'H' : ''].filter(Boolean);
  if (fellBack.length > 0) {
    inputs.warn?.(
      `D2ACE epoch ${epoch}: ${fellBack.join(' and ')} scores are not finite or their total is not positive; ` +
        `using the uniform distribution for ${fellBack.join(' and ')}`,
    );
  }
  return {
    hardness,
    weightsE,
    weightsH,
    correlationE,
    correlationH,
    strengthE,
    strengthH,
    scoresE,
    scoresH,
    probsE: qE.probs,
    probsH: qH.probs,
    pi,
    pressure,
    beta,
    fallback: qE.fallback || qH.fallback,
    fallbackE: qE.fallback,
    fallbackH: qH.fallback,
  };
}

/** Spec 3.1: 'reference' lossNorm(l) = 1 - expm1(-l) = 2 - exp(-l); 'bounded' lossNorm(l) = 1 - exp(-l) = -expm1(-l). */
function normalizedLoss(l: number, lossNorm: LossNorm): number {
  return lossNorm === 'reference' ? 1 - Math.expm1(-l) : -Math.expm1(-l);
}

/** Spec 3.2: H_ij = lossNorm(l_ij) * (1 - F_ij). */
function noiseResistantHardness(loss: Float32Array, F: Float32Array, lossNorm: LossNorm): Float64Array {
  const H = new Float64Array(loss.length);
  for (let e = 0; e < loss.length; e++) H[e] = normalizedLoss(loss[e]!, lossNorm) * (1 - F[e]!);
  return H;
}

/** Spec 3.3: v_j = exp(0.5 * mean_i M_ij + 0.5 * std_i M_ij), population std (divide by N). */
function labelWeights(M: ArrayLike<number>, N: number, L: number): Float64Array {
  const v = new Float64Array(L);
  for (let j = 0; j < L; j++) {
    let sum = 0;
    for (let i = 0; i < N; i++) sum += M[i * L + j]!;
    const mean = sum / N;
    let squares = 0;
    for (let i = 0; i < N; i++) squares += (M[i * L + j]! - mean) ** 2;
    v[j] = Math.exp(0.5 * mean + 0.5 * Math.sqrt(squares / N));
  }
  return v;
}

/**
 * Spec 3.5: M~ = M * Y; Mhat_ij = M~_ij / (||M~_:j||_2 + eps); C = Mhat^T Mhat (L x L);
 * C_jk <- C_jk / (sum_k' C_jk' + eps). Diagonal kept.
 */
function relevantCorrelation(M: ArrayLike<number>, Y: Uint8Array, N: number, L: number, eps: number): Float64Array {
  const Mhat = new Float64Array(N * L);
  for (let j = 0; j < L; j++) {
    let squares = 0;
    for (let i = 0; i < N; i++) squares += (M[i * L + j]! * Y[i * L + j]!) ** 2;
    const scale = Math.sqrt(squares) + eps;
    for (let i = 0; i < N; i++) Mhat[i * L + j] = (M[i * L + j]! * Y[i * L + j]!) / scale;
  }
  const C = new Float64Array(L * L);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < L; j++) {
      const a = Mhat[i * L + j]!;
      for (let k = 0; k < L; k++) C[j * L + k] = C[j * L + k]! + a * Mhat[i * L + k]!;
    }
  }
  for (let j = 0; j < L; j++) {
    let rowSum = 0;
    for (let k = 0; k < L; k++) rowSum += C[j * L + k]!;
    for (let k = 0; k < L; k++) C[j * L + k] = C[j * L + k]! / (rowSum + eps);
  }
  return C;
}

/** Spec 3.6: S = Z C^T, S_ij = sum_k Z_ik C_jk. */
function correlationStrength(Z: Uint8Array, C: Float64Array, N: number, L: number): Float64Array {
  const S = new Float64Array(N * L);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < L; j++) {
      let sum = 0;
      for (let k = 0; k < L; k++) sum += Z[i * L + k]! * C[j * L + k]!;
      S[i * L + j] = sum;
    }
  }
  return S;
}

/** Spec 3.7: score_i = sum_j v_j M_ij + sum_j v_j M_ij Y_ij S_ij. */
function scores(M: ArrayLike<number>, Y: Uint8Array, v: Float64Array, S: Float64Array, N: number, L: number): Float64Array {
  const U = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let base = 0;
    let context = 0;
    for (let j = 0; j < L; j++) {
      const e = i * L + j;
      base += v[j]! * M[e]!;
      context += v[j]! * M[e]! * Y[e]! * S[e]!;
    }
    U[i] = base + context;
  }
  return U;
}

/**
 * Spec 3.8 (value quantisation): u = (U - min U) / (max U - min U) (all 0 if max = min);
 * q_i = clamp(ceil((1 - u_i) N), 1, N); w_i = exp(-ln(s) q_i / N); p = w / sum w.
 * Uniform 1/N (fallback) when a score is not finite or sum w is not finite and positive (spec 4).
 */
function quantizedProbabilities(U: ArrayLike<number>, pressure: number): { probs: Float64Array; fallback: boolean } {
  const N = U.length;
  const uniform = () => ({ probs: new Float64Array(N).fill(1 / N), fallback: true });
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < N; i++) {
    const x = U[i]!;
    if (!Number.isFinite(x)) return uniform();
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const range = max - min;
  const logS = Math.log(pressure);
  const w = new Float64Array(N);
  let total = 0;
  for (let i = 0; i < N; i++) {
    const u = range > 0 ? (U[i]! - min) / range : 0;
    const q = Math.min(Math.max(Math.ceil((1 - u) * N), 1), N);
    w[i] = Math.exp((-logS * q) / N);
    total += w[i]!;
  }
  if (!(Number.isFinite(total) && total > 0)) return uniform();
  for (let i = 0; i < N; i++) w[i] = w[i]! / total;
  return { probs: w, fallback: false };
}

/** Spec 3.9: pi = beta * pE + (1 - beta) * pH. */
function mixture(pE: Float64Array, pH: Float64Array, beta: number): Float64Array {
  const pi = new Float64Array(pE.length);
  for (let i = 0; i < pE.length; i++) pi[i] = beta * pE[i]! + (1 - beta) * pH[i]!;
  return pi;
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

function checkCount(fn: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`${fn}: ${name} must be an integer >= ${min}, got ${value}`);
}

function checkLength(fn: string, name: string, array: ArrayLike<unknown>, expected: number, what: string): void {
  if (array.length !== expected) throw new Error(`${fn}: ${name} has length ${array.length}, expected ${what} = ${expected}`);
}

function checkState(s: D2aceState): void {
  const { N, L, window: W } = s;
  checkCount('observeStep', 'state.N', N, 1);
  checkCount('observeStep', 'state.L', L, 1);
  checkCount('observeStep', 'state.window', W, 2);
  checkLength('observeStep', 'state.E', s.E, N * L, `N*L = ${N}*${L}`);
  checkLength('observeStep', 'state.F', s.F, N * L, `N*L = ${N}*${L}`);
  checkLength('observeStep', 'state.loss', s.loss, N * L, `N*L = ${N}*${L}`);
  checkLength('observeStep', 'state.history', s.history, N * W * L, `N*W*L = ${N}*${W}*${L}`);
  checkLength('observeStep', 'state.count', s.count, N, `N = ${N}`);
}

/** Batch indices: each in [0, N) and none twice. */
function checkBatch(indices: Int32Array, N: number): void {
  const seen = new Map<number, number>();
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b]!;
    if (i < 0 || i >= N) throw new Error(`observeStep: index ${i} at batch position ${b} is out of range [0, ${N})`);
    const first = seen.get(i);
    if (first !== undefined) throw new Error(`observeStep: index ${i} appears twice in the batch (positions ${first} and ${b})`);
    seen.set(i, b);
  }
}

function checkEpochInputs(x: EpochInputs): void {
  const fn = 'epochDetails';
  checkCount(fn, 'N', x.N, 1);
  checkCount(fn, 'L', x.L, 1);
  checkCount(fn, 'epoch', x.epoch, 0);
  checkCount(fn, 'epochs', x.epochs, 1);
  const NL = `N*L = ${x.N}*${x.L}`;
  for (const name of ['E', 'loss', 'F', 'Y', 'Z'] as const) checkLength(fn, name, x[name], x.N * x.L, NL);
  for (const name of ['Y', 'Z'] as const) {
    const a = x[name];
    for (let e = 0; e < a.length; e++) {
      if (a[e]! > 1) throw new Error(`${fn}: ${name}[${e}] must be 0 or 1, got ${a[e]}`);
    }
  }
}
