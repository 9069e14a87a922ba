/**
 * The reference preprocessing (D2ACE-SPEC section 5): drop labels with at most `minPositives`
 * positives over the whole dataset, then instances left with no label; min-max scale every
 * feature (fitted on all X; a constant column becomes 0); then keep the top fraction of
 * feature columns by column sum. Everything dropped is reported.
 */
import type { IndexSet, MultiLabelData } from './types';

export interface ProtocolOptions {
  /** Labels with at most this many positives are dropped (reference: 20). */
  minPositives?: number;
  /** Fraction of feature columns kept, by largest column sum (1 keeps all). */
  topFeatureFraction?: number;
  /** Min-max scaling to [0, 1] (reference: on). */
  scale?: boolean;
  /**
   * Write the result over the input's own arrays (returned as views of them) instead of new
   * ones: for a caller that owns the loaded data and drops it, it saves a copy of the whole
   * feature matrix. The input is not usable afterwards.
   */
  inPlace?: boolean;
}

export interface ProtocolReport {
  minPositives: number;
  droppedLabels: Array<{ name: string; positives: number }>;
  droppedInstances: number;
  /** Up to 20 of the dropped instances' original row indices. */
  droppedInstanceExamples: number[];
  scaled: boolean;
  constantFeatures: number;
  topFeatureFraction: number;
  keptFeatures: number;
  droppedFeatures: number;
}

export interface ProtocolResult {
  data: MultiLabelData;
  /** Original row index of every kept row. */
  keptRows: IndexSet;
  report: ProtocolReport;
}

function labelPositives(data: MultiLabelData): Int32Array {
  const counts = new Int32Array(data.numLabels);
  for (let i = 0; i < data.numInstances; i++) {
    for (let j = 0; j < data.numLabels; j++) counts[j]! += data.labels[i * data.numLabels + j]!;
  }
  return counts;
}

export function applyProtocol(data: MultiLabelData, options: ProtocolOptions = {}): ProtocolResult {
  const minPositives = options.minPositives ?? 20;
  const fraction = options.topFeatureFraction ?? 1;
  const scale = options.scale ?? true;
  if (!Number.isInteger(minPositives) || minPositives < 0) throw new Error(`minPositives must be a non-negative integer, got ${minPositives}`);
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`topFeatureFraction must be in (0, 1], got ${fraction}`);

  const { numInstances: n, numFeatures: d, numLabels: L } = data;
  const positives = labelPositives(data);
  const keptLabels: number[] = [];
  const droppedLabels: ProtocolReport['droppedLabels'] = [];
  for (let j = 0; j < L; j++) {
    if (positives[j]! > minPositives) keptLabels.push(j);
    else droppedLabels.push({ name: data.labelNames[j]!, positives: positives[j]! });
  }
  if (keptLabels.length === 0) {
    if (n === 0) throw new Error(`dataset '${data.name}': it has no rows; nothing is left to learn`);
    if (minPositives === 0) throw new Error(`dataset '${data.name}': no label has a positive instance in its ${n} rows; nothing is left to learn`);
    throw new Error(`dataset '${data.name}': every label has at most ${minPositives} positives; nothing is left to learn (lower --min-positives, now ${minPositives})`);
  }

  const keptRowList: number[] = [];
  const droppedRows: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = i * L;
    if (keptLabels.some((j) => data.labels[row + j] === 1)) keptRowList.push(i);
    else droppedRows.push(i);
  }
  const keptRows = Int32Array.from(keptRowList);
  const m = keptRows.length;
  const Lk = keptLabels.length;

  // Min-max over all rows of X (the reference fits the scaler on the whole feature matrix).
  const min = new Float64Array(d).fill(Infinity);
  const max = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) {
      const v = data.features[i * d + c]!;
      if (v < min[c]!) min[c] = v;
      if (v > max[c]!) max[c] = v;
    }
  }
  let constantFeatures = 0;
  for (let c = 0; c < d; c++) if (!(max[c]! > min[c]!)) constantFeatures++;
  const scaled = (i: number, c: number): number => {
    const v = data.features[i * d + c]!;
    if (!scale) return v;
    const span = max[c]! - min[c]!;
    return span > 0 ? (v - min[c]!) / span : 0;
  };

  // Column sums of the (scaled) kept rows choose the top fraction of features.
  let keptFeatures = Array.from({ length: d }, (_, c) => c);
  if (fraction < 1) {
    const sums = new Float64Array(d);
    for (const i of keptRows) for (let c = 0; c < d; c++) sums[c]! += scaled(i, c);
    const k = Math.max(1, Math.ceil(fraction * d));
    keptFeatures = keptFeatures
      .sort((a, b) => sums[b]! - sums[a]! || a - b)
      .slice(0, k)
      .sort((a, b) => a - b);
  }
  const dk = keptFeatures.length;

  // In place, rows and columns move only forward: row r comes from row keptRows[r] >= r and
  // column c from keptFeatures[c] >= c, so every value is read before anything overwrites it.
  const inPlace = options.inPlace === true;
  const features = inPlace ? data.features.subarray(0, m * dk) : new Float32Array(m * dk);
  const labels = inPlace ? data.labels.subarray(0, m * Lk) : new Uint8Array(m * Lk);
  keptRows.forEach((i, r) => {
    for (let c = 0; c < dk; c++) features[r * dk + c] = scaled(i, keptFeatures[c]!);
    for (let j = 0; j < Lk; j++) labels[r * Lk + j] = data.labels[i * L + keptLabels[j]!]!;
  });

  return {
    data: {
      name: data.name,
      numInstances: m,
      numFeatures: dk,
      numLabels: Lk,
      features,
      labels,
      featureNames: keptFeatures.map((c) => data.featureNames[c]!),
      labelNames: keptLabels.map((j) => data.labelNames[j]!),
    },
    keptRows,
    report: {
      minPositives,
      droppedLabels,
      droppedInstances: droppedRows.length,
      droppedInstanceExamples: droppedRows.slice(0, 20),
      scaled: scale,
      constantFeatures,
      topFeatureFraction: fraction,
      keptFeatures: dk,
      droppedFeatures: d - dk,
    },
  };
}

/** Maps original row indices (e.g. an official split) to rows kept by the protocol. */
export function remapRows(original: IndexSet, keptRows: IndexSet): IndexSet {
  const position = new Map<number, number>();
  keptRows.forEach((row, i) => position.set(row, i));
  const out: number[] = [];
  for (const row of original) {
    const p = position.get(row);
    if (p !== undefined) out.push(p);
  }
  return Int32Array.from(out);
}
