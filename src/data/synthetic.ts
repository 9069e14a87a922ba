/**
 * Seeded generator of correlated multi-label data, for scale tests and demos where no MULAN file
 * is at hand (e.g. 43,907 x 120 x 101 like mediamill, 16,000 x 500 x 983 like delicious).
 *
 * Model (all draws from one `seededRandom(seed)` stream, in the order listed):
 * - K = max(1, round(sqrt(L))) latent topics. Every label belongs to one topic, drawn uniformly.
 * - Label popularity follows a Zipf law with exponent 1: label l has base weight 1 / (l + 1), so
 *   l0 is the most frequent label and the frequencies have a long tail.
 * - W (K x d) and B (L x d): standard normal topic and label loadings of the features.
 * - Label counts: n_i = 1 + Poisson(c - 1) when the cardinality c >= 1, else Bernoulli(c), capped
 *   at L; then single random instances are moved up or down by one until the total is exactly
 *   round(c * N), so the mean label cardinality is c up to 0.5 / N.
 * - Per instance: a topic mixture theta with log theta_k = z_k (standard normal), plus ln(K) + 1
 *   on a uniformly drawn dominant topic and ln(K) on a different secondary topic (when K > 1),
 *   normalised to sum 1. The n_i labels are drawn WITHOUT replacement with probability
 *   proportional to (1 / (l + 1)) * theta[topic(l)] (Efraimidis-Spirakis: the n_i smallest keys
 *   -ln(u_l) / w_l), so labels of one topic co-occur.
 * - Features: x_i = theta_i W + (1 / sqrt(n_i)) sum_{l in Y_i} B_l + noise * N(0, I), then min-max
 *   scaled to [0, 1] per column (a constant column becomes 0). A linear model can learn labels
 *   from them.
 * Memory: the outputs (N x d float32 + N x L bytes) plus O(N + (K + L) * d) scratch.
 */
import type { MultiLabelData } from './types';
import { randomInt, randomNormal, seededRandom, type Random } from '../util/random';

export interface SyntheticOptions {
  instances: number;
  features: number;
  labels: number;
  /** Target mean number of positive labels per instance, in (0, labels]. */
  cardinality: number;
  seed: number;
  /** Dataset name; default `synthetic-NxDxL`. */
  name?: string;
  /** Standard deviation of the Gaussian feature noise before scaling; default 0.5. */
  noise?: number;
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${value}`);
  }
}

/** A Poisson draw: Knuth's product method for small means, a rounded normal above 30. */
function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * randomNormal(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export function syntheticDataset(options: SyntheticOptions): MultiLabelData {
  const { instances: n, features: d, labels: L, cardinality, seed } = options;
  checkPositiveInteger('instances', n);
  checkPositiveInteger('features', d);
  checkPositiveInteger('labels', L);
  if (!(Number.isFinite(cardinality) && cardinality > 0 && cardinality <= L)) {
    throw new Error(`cardinality must be in (0, labels] = (0, ${L}], got ${cardinality}`);
  }
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  const noise = options.noise ?? 0.5;
  if (!(Number.isFinite(noise) && noise >= 0)) throw new Error(`noise must be a finite number >= 0, got ${noise}`);
  const name = options.name ?? `synthetic-${n}x${d}x${L}`;

  const random = seededRandom(seed);
  const K = Math.max(1, Math.round(Math.sqrt(L)));

  // Label topics, popularity, loadings.
  const topicOf = new Int32Array(L);
  for (let l = 0; l < L; l++) topicOf[l] = randomInt(random, K);
  const popularity = new Float64Array(L);
  for (let l = 0; l < L; l++) popularity[l] = 1 / (l + 1);
  const W = new Float64Array(K * d);
  for (let i = 0; i < W.length; i++) W[i] = randomNormal(random);
  const B = new Float64Array(L * d);
  for (let i = 0; i < B.length; i++) B[i] = randomNormal(random);

  // Labels per instance, calibrated so the total is exactly round(cardinality * n).
  const minCount = cardinality >= 1 ? 1 : 0;
  const counts = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = cardinality >= 1 ? 1 + poisson(random, cardinality - 1) : random() < cardinality ? 1 : 0;
    counts[i] = Math.min(c, L);
    total += counts[i]!;
  }
  const target = Math.round(cardinality * n);
  while (total < target) {
    const i = randomInt(random, n);
    if (counts[i]! < L) {
      counts[i] = counts[i]! + 1;
      total++;
    }
  }
  while (total > target) {
    const i = randomInt(random, n);
    if (counts[i]! > minCount) {
      counts[i] = counts[i]! - 1;
      total--;
    }
  }

  const features = new Float32Array(n * d);
  const labels = new Uint8Array(n * L);
  const theta = new Float64Array(K);
  const heapKey = new Float64Array(L);
  const heapLabel = new Int32Array(L);
  const row = new Float64Array(d);
  const colMin = new Float64Array(d).fill(Infinity);
  const colMax = new Float64Array(d).fill(-Infinity);
  const dominantBoost = Math.log(K) + 1;
  const secondaryBoost = Math.log(K);

  for (let i = 0; i < n; i++) {
    // Topic mixture.
    for (let k = 0; k < K; k++) theta[k] = randomNormal(random);
    if (K > 1) {
      const dominant = randomInt(random, K);
      const secondary = (dominant + 1 + randomInt(random, K - 1)) % K;
      theta[dominant] = theta[dominant]! + dominantBoost;
      theta[secondary] = theta[secondary]! + secondaryBoost;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) {
      theta[k] = Math.exp(theta[k]!);
      sum += theta[k]!;
    }
    for (let k = 0; k < K; k++) theta[k] = theta[k]! / sum;

    // Labels: the m smallest Efraimidis-Spirakis keys, kept in a max-heap of size m.
    const m = counts[i]!;
    let size = 0;
    if (m > 0) {
      for (let l = 0; l < L; l++) {
        const key = -Math.log(random()) / (popularity[l]! * theta[topicOf[l]!]!);
        if (size < m) {
          // Sift up.
          let c = size++;
          while (c > 0) {
            const p = (c - 1) >> 1;
            if (heapKey[p]! >= key) break;
            heapKey[c] = heapKey[p]!;
            heapLabel[c] = heapLabel[p]!;
            c = p;
          }
          heapKey[c] = key;
          heapLabel[c] = l;
        } else if (key < heapKey[0]!) {
          // Replace the root, sift down.
          let c = 0;
          for (;;) {
            let child = 2 * c + 1;
            if (child >= size) break;
            if (child + 1 < size && heapKey[child + 1]! > heapKey[child]!) child++;
            if (heapKey[child]! <= key) break;
            heapKey[c] = heapKey[child]!;
            heapLabel[c] = heapLabel[child]!;
            c = child;
          }
          heapKey[c] = key;
          heapLabel[c] = l;
        }
      }
    }

    // Features.
    row.fill(0);
    for (let k = 0; k < K; k++) {
      const t = theta[k]!;
      const base = k * d;
      for (let j = 0; j < d; j++) row[j] = row[j]! + t * W[base + j]!;
    }
    const labelBase = i * L;
    const scale = m > 0 ? 1 / Math.sqrt(m) : 0;
    for (let h = 0; h < size; h++) {
      const l = heapLabel[h]!;
      labels[labelBase + l] = 1;
      const base = l * d;
      for (let j = 0; j < d; j++) row[j] = row[j]! + scale * B[base + j]!;
    }
    const featureBase = i * d;
    for (let j = 0; j < d; j++) {
      const value = Math.fround(noise > 0 ? row[j]! + noise * randomNormal(random) : row[j]!);
      features[featureBase + j] = value;
      if (value < colMin[j]!) colMin[j] = value;
      if (value > colMax[j]!) colMax[j] = value;
    }
  }

  // Min-max scaling per column.
  const inverseRange = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const range = colMax[j]! - colMin[j]!;
    inverseRange[j] = range > 0 ? 1 / range : 0;
  }
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) {
      const v = (features[base + j]! - colMin[j]!) * inverseRange[j]!;
      features[base + j] = v > 1 ? 1 : v;
    }
  }

  return {
    name,
    numInstances: n,
    numFeatures: d,
    numLabels: L,
    features,
    labels,
    featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
    labelNames: Array.from({ length: L }, (_, l) => `l${l}`),
  };
}
