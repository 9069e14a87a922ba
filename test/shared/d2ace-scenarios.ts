/**
 * D2ACE on the GPU against its TypeScript twin, on random states: observe, kNN + Z, every epoch
 * quantity and the sampled batches. Runs identically in Node and in Chromium; returns errors.
 */
import * as tf from '@tensorflow/tfjs';
import type { GpuRuntime } from '../../src/gpu/runtime';
import { GpuD2aceSelector } from '../../src/selection/d2ace/gpu-math';
import { createState, epochDetails, knnReference, localContext, observeStep } from '../../src/selection/d2ace/reference';
import { sampleBatchReference } from '../../src/selection/sampling/reference';
import { seededRandom, shuffleInPlace } from '../../src/util/random';

export interface ParitySetup {
  N: number;
  L: number;
  d: number;
  B: number;
  steps: number;
  seed: number;
}

export interface ParityReport {
  maxError: Record<string, number>;
  /** Fraction of instances whose kNN context row differs (near-tie distances may swap). */
  contextMismatch: number;
  batchesCompared: number;
  batchesEqual: number;
  batchesValid: boolean;
  readbacksDuringSteps: number;
  /** Our WGSL dispatches per observe() call. */
  dispatchesPerObserve: number;
  piSum: number;
  /** Share of instances whose pi differs by more than 1e-5 (relative) from the twin's. */
  piMismatch: number;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, scale = 1): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / scale);
  return m;
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1e-6, Math.abs(b[i]!)));
  return m;
}

export async function d2aceParity(rt: GpuRuntime, s: ParitySetup): Promise<ParityReport> {
  const { N, L, d, B } = s;
  const random = seededRandom(s.seed);
  const X = Float32Array.from({ length: N * d }, () => random());
  const Y = Uint8Array.from({ length: N * L }, () => (random() < 0.3 ? 1 : 0));
  const x = tf.tensor2d(X, [N, d]);
  const y = tf.tensor2d(Float32Array.from(Y), [N, L]);
  const epochs = 30;
  const selector = new GpuD2aceSelector(rt, { config: { warmupEpochs: 1 } });
  await selector.initialize({ data: { x, y, numInstances: N, numLabels: L }, batchSize: B, epochs, seed: s.seed });

  const state = createState(N, L);
  const Z = localContext(knnReference(X, N, d, 6), Y, N, L);

  // Steps with random outputs, on batches that revisit instances (the window wraps).
  const readbacks = rt.ctx.readbacks.snapshot();
  const dispatches = rt.kernels.dispatchCount;
  for (let step = 0; step < s.steps; step++) {
    const order = shuffleInPlace(Int32Array.from({ length: N }, (_, i) => i), random).slice(0, B);
    const probs = Float32Array.from({ length: B * L }, () => random());
    const bce = Float32Array.from({ length: B * L }, () => 3 * random());
    const [ti, tp, tb] = [tf.tensor1d(order, 'int32'), tf.tensor2d(probs, [B, L]), tf.tensor2d(bce, [B, L])];
    selector.observe(ti, tp, tb);
    tf.dispose([ti, tp, tb]);
    observeStep(state, order, probs, bce);
  }
  const readbacksDuringSteps = rt.ctx.readbacks.since(readbacks).total;
  const dispatchesPerObserve = (rt.kernels.dispatchCount - dispatches) / s.steps;

  selector.endEpoch(0); // distribution and batches for epoch 1
  const gpu = await selector.readState();
  // The epoch math is compared on the GPU's own state, so observe's rounding does not mix in.
  const details = epochDetails({ E: gpu.uncertainty, loss: gpu.loss, F: gpu.flips, Y, Z, N, L, epoch: 1, epochs });

  let contextRowsDiffer = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < L; j++) {
      if (gpu.context[i * L + j] !== Z[i * L + j]) {
        contextRowsDiffer++;
        break;
      }
    }
  }
  const weights = (c: number) => Array.from({ length: L }, (_, j) => gpu.labelStats[4 * j + c]!);

  const batches: Int32Array[] = [];
  for (let g = 0; g < selector.batchesPerEpoch(); g++) {
    const t = selector.nextBatch();
    batches.push((await t.data()) as Int32Array);
    t.dispose();
  }
  const logPi = Float32Array.from(gpu.pi, (p) => Math.log(p));
  let equal = 0;
  let valid = true;
  batches.forEach((batch, g) => {
    valid &&= batch.length === B && new Set(batch).size === B && batch.every((i) => i >= 0 && i < N);
    if (Array.from(batch).join() === Array.from(sampleBatchReference(logPi, B, s.seed, 1, g)).join()) equal++;
  });

  const report: ParityReport = {
    maxError: {
      uncertainty: maxAbsDiff(gpu.uncertainty, state.E),
      flips: maxAbsDiff(gpu.flips, state.F),
      loss: maxAbsDiff(gpu.loss, state.loss),
      count: maxAbsDiff(gpu.count, state.count),
      weightsE: maxRelDiff(weights(0), details.weightsE),
      weightsH: maxRelDiff(weights(1), details.weightsH),
      correlationE: maxAbsDiff(gpu.correlationE, details.correlationE),
      correlationH: maxAbsDiff(gpu.correlationH, details.correlationH),
      scoresE: maxRelDiff(gpu.scores.subarray(0, N), details.scoresE),
      scoresH: maxRelDiff(gpu.scores.subarray(N), details.scoresH),
    },
    contextMismatch: contextRowsDiffer / N,
    batchesCompared: batches.length,
    batchesEqual: equal,
    batchesValid: valid,
    readbacksDuringSteps,
    dispatchesPerObserve,
    piMismatch: Array.from(gpu.pi).filter((p, i) => Math.abs(p - details.pi[i]!) > 1e-5 * details.pi[i]!).length / N,
    piSum: gpu.pi.reduce((a, b) => a + b, 0),
  };
  selector.dispose();
  tf.dispose([x, y]);
  return report;
}
