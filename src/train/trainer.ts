/**
 * The method-agnostic trainer (browser and Node): the GPU-resident training set, batches from
 * the selector, the backbone step, `observe` after each step, `endEpoch` after each epoch;
 * validation metrics each epoch; a real copy of the best-validation weights; test metrics for
 * the best and the last epoch; per-epoch history, wall-time split and readback counts. Runs on
 * either runtime (training-runtime.ts): WebGPU, or the CPU runtime with the method's twin.
 */
import * as tf from '@tensorflow/tfjs';
import { constantLabelWarnings } from '../data/constant-labels';
import type { PreparedDataset } from '../data/prepare-core';
import type { IndexSet } from '../data/types';
import { evaluate, macroAveragingAuc, type MetricValues } from '../metrics';
import { createBackbone, type Backbone, type WeightSnapshot } from '../models';
import { bceFromProbabilities } from '../models/loss';
import { selectionMethod } from '../selection/registry';
import type { BatchSelector, SelectorInspection } from '../selection/selector';
import type { TrainConfig } from './config';
import { VisitCounter, type EpochCoverage, type RunCoverage } from './coverage';
import { trainEpoch } from './epoch';
import { resourceCounts, runResources, type ResourceCounts, type RunResources } from './resources';
import { fitToRun } from './fit-to-run';
import { AdamL2, DEFAULT_OPTIMIZER_CONFIG } from './optimizer';
import { onWebGpu, readbacksSoFar, selectorBackendOn, settle, yieldToEventLoop, type TrainingRuntime } from './training-runtime';
import { DeviceLostError } from '../gpu/errors';

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  learningRate: number;
  validation: MetricValues;
  /** The best-epoch criterion on the validation set (the authors' macro_averaging_auc). */
  selectionScore: number;
  selector: SelectorInspection;
  /** The share of the training set this epoch's batches reached, and draws per instance. */
  trainingCoverage: EpochCoverage;
  /** tf.memory() tensors and bytes and our live GPU buffers after the epoch (leak checks). */
  resources: ResourceCounts;
  timings: { trainMs: number; selectionMs: number; evaluationMs: number };
}

export interface TrainingOutcome {
  status: 'complete' | 'interrupted';
  history: EpochRecord[];
  /**
   * The epoch with the best validation criterion: the authors' `macro_averaging_auc` (ties count
   * 1, every label in the mean; see metrics/auc.ts), with the validation macro_auc beside it.
   */
  best: { epoch: number; criterion: 'macro_averaging_auc'; validationScore: number; validationMacroAuc: number } | null;
  test: { best: MetricValues; last: MetricValues } | null;
  timings: { setupMs: number; trainMs: number; selectionMs: number; evaluationMs: number; totalMs: number };
  /** GPU-to-CPU transfers; null on the CPU runtime, where there is no GPU to read back from. */
  readbacks: { total: number; duringSteps: number; steps: number; perStep: number; bySource: Record<string, number> } | null;
  /** Coverage over the run (null when no epoch finished). */
  trainingCoverage: RunCoverage | null;
  /** Tensor, byte and buffer counts at the start and end of training; a growing count is flagged. */
  resources: RunResources | null;
  model: { kind: string; parameters: number };
  /** The method that chose the batches, with every option resolved (defaults included, fitted to the run). */
  selection: { method: string; backend: 'gpu' | 'cpu'; options: Record<string, unknown> };
  /**
   * Notes on the run, in words, each also given to `warn`: labels the data leaves nothing to learn
   * for (one value for every instance), and schedules shortened to fit the run (learning-rate
   * warm-up, the method's schedule).
   */
  adjustments: string[];
}

export interface TrainerHooks {
  /** Called after every epoch (progress bars, live plots). */
  onEpoch?: (record: EpochRecord, epochsTotal: number) => void;
  /** Checked between steps: set `aborted` to stop early with a partial result. */
  signal?: { aborted: boolean };
  warn?: (message: string) => void;
}

const PREDICT_CHUNK = 1024;

function rowsTensor(values: Float32Array | Uint8Array, cols: number, rows: IndexSet): tf.Tensor2D {
  const out = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => {
    for (let c = 0; c < cols; c++) out[i * cols + c] = values[r * cols + c]!;
  });
  return tf.tensor2d(out, [rows.length, cols]);
}

function rowsLabels(values: Uint8Array, cols: number, rows: IndexSet): Uint8Array {
  const out = new Uint8Array(rows.length * cols);
  rows.forEach((r, i) => out.set(values.subarray(r * cols, (r + 1) * cols), i * cols));
  return out;
}

/** Probabilities for x in chunks: one readback per chunk (never inside a training step). */
async function predictProbabilities(model: Backbone, x: tf.Tensor2D): Promise<Float32Array> {
  const n = x.shape[0];
  const out = new Float32Array(n * model.numLabels);
  for (let start = 0; start < n; start += PREDICT_CHUNK) {
    const size = Math.min(PREDICT_CHUNK, n - start);
    const probs = tf.tidy(() => model.predict(tf.slice(x, [start, 0], [size, x.shape[1]])));
    out.set((await probs.data()) as Float32Array, start * model.numLabels);
    probs.dispose();
  }
  return out;
}

/**
 * The run's selector, built by its method's descriptor from the registry with the given (fitted)
 * options: on WebGPU the backend the config names, on the CPU runtime always the twin.
 */
export function createSelector(rt: TrainingRuntime, config: TrainConfig, options: Record<string, unknown>, warn?: (m: string) => void): BatchSelector {
  const method = selectionMethod(config.method);
  const backend = selectorBackendOn(rt, config.selectorBackend);
  return method.create({ backend, ...(onWebGpu(rt) ? { runtime: rt } : {}), ...(warn ? { warn } : {}) }, method.resolve(options));
}

/**
 * The model's outputs on the whole training set, chunk by chunk, handed to the selector
 * (for methods that ask for a full pass, e.g. OBS with lossSource 'full-pass').
 */
async function trainingPass(model: Backbone, selector: BatchSelector, x: tf.Tensor2D, y: tf.Tensor2D): Promise<void> {
  const n = x.shape[0];
  for (let start = 0; start < n; start += PREDICT_CHUNK) {
    const size = Math.min(PREDICT_CHUNK, n - start);
    const [indices, probs, bce] = tf.tidy(() => {
      const rows = tf.range(start, start + size, 1, 'int32') as tf.Tensor1D;
      const xs = tf.slice(x, [start, 0], [size, x.shape[1]]);
      const ys = tf.slice(y, [start, 0], [size, y.shape[1]]) as tf.Tensor2D;
      const p = model.predict(xs);
      return [rows, p, bceFromProbabilities(p, ys)] as const;
    });
    const pending = selector.observePass?.(indices, probs, bce);
    if (pending) await pending;
    tf.dispose([indices, probs, bce]);
  }
}

export async function trainRun(rt: TrainingRuntime, prepared: PreparedDataset, config: TrainConfig, hooks: TrainerHooks = {}): Promise<TrainingOutcome> {
  const started = performance.now();
  // First: a bad method option, or a schedule that cannot fit the run, fails here, before
  // anything is allocated.
  const fitted = fitToRun(config);
  const notes = [...constantLabelWarnings(prepared.data), ...fitted.notes];
  for (const note of notes) (hooks.warn ?? console.warn)(note);
  const methodOptions = fitted.methodOptions;
  const selector = createSelector(rt, config, methodOptions, hooks.warn);
  const { data } = prepared;
  const d = data.numFeatures;
  const L = data.numLabels;
  const xTrain = rowsTensor(data.features, d, prepared.train);
  const yTrain = rowsTensor(data.labels, L, prepared.train);
  const xVal = rowsTensor(data.features, d, prepared.validation);
  const xTest = rowsTensor(data.features, d, prepared.test);
  const yVal = rowsLabels(data.labels, L, prepared.validation);
  const yTest = rowsLabels(data.labels, L, prepared.test);
  const model = createBackbone(config.model, d, L, { hidden: config.hidden, mlpWidths: config.mlpWidths, dropout: config.dropout }, config.seed);
  let optimizer: AdamL2 | undefined;
  let visits: VisitCounter | undefined;
  let best: WeightSnapshot | undefined;
  const history: EpochRecord[] = [];
  const readbacksAtStart = readbacksSoFar(rt);
  let stepReadbacks = 0;
  let steps = 0;
  const totals = { trainMs: 0, selectionMs: 0, evaluationMs: 0 };
  let bestRecord: TrainingOutcome['best'] = null;
  let status: TrainingOutcome['status'] = 'complete';
  try {
    await selector.initialize({ data: { x: xTrain, y: yTrain, numInstances: prepared.train.length, numLabels: L }, batchSize: config.batch, epochs: config.epochs, seed: config.seed });
    optimizer = new AdamL2({
      ...DEFAULT_OPTIMIZER_CONFIG,
      learningRate: config.lr,
      weightDecay: config.weightDecay,
      warmupSteps: fitted.lrWarmupEpochs * selector.batchesPerEpoch(0),
    });
    visits = await VisitCounter.create(rt, prepared.train.length);
    // The phase of the epoch about to be trained (its draw was prepared by the previous endEpoch).
    let phase = (await selector.inspect?.())?.['phase'];
    await settle(rt);
    const setupMs = performance.now() - started;
    const resourcesAtStart = resourceCounts(rt);

    for (let epoch = 0; epoch < config.epochs; epoch++) {
      if (hooks.signal?.aborted) {
        status = 'interrupted';
        break;
      }
      try {
        const t0 = performance.now();
        const before = readbacksSoFar(rt);
        const out = await trainEpoch({ model, optimizer, selector, x: xTrain, y: yTrain, firstStep: steps, visits, signal: hooks.signal, ...(onWebGpu(rt) ? {} : { afterStep: yieldToEventLoop }) }, epoch);
        await settle(rt);
        if (before) stepReadbacks += readbacksSoFar(rt)!.total - before.total;
        steps += out.steps;
        const coverage = await visits.closeEpoch(phase !== 'warm-up');
        const t1 = performance.now();
        if (selector.wantsTrainingPass?.(epoch)) await trainingPass(model, selector, xTrain, yTrain);
        const ended = selector.endEpoch(epoch);
        if (ended) await ended;
        await settle(rt);
        const t2 = performance.now();
        const trainLoss = (await out.lossSum.data())[0]! / Math.max(1, out.steps);
        out.lossSum.dispose();
        const valScores = { rows: prepared.validation.length, cols: L, yTrue: yVal, scores: await predictProbabilities(model, xVal) };
        const validation = evaluate(valScores);
        const selectionScore = macroAveragingAuc(valScores);
        const inspection = (await selector.inspect?.()) ?? { method: selector.name, epoch: epoch + 1 };
        phase = inspection['phase'];
        // The authors keep the first epoch with the highest criterion (strictly greater replaces).
        if (!bestRecord || selectionScore > bestRecord.validationScore || (Number.isNaN(bestRecord.validationScore) && !Number.isNaN(selectionScore))) {
          best?.dispose();
          best = model.snapshot();
          bestRecord = { epoch, criterion: 'macro_averaging_auc', validationScore: selectionScore, validationMacroAuc: validation.macro_auc };
        }
        const t3 = performance.now();
        const record: EpochRecord = {
          epoch,
          trainLoss,
          learningRate: out.learningRate,
          validation,
          selectionScore,
          selector: inspection,
          trainingCoverage: coverage,
          resources: resourceCounts(rt),
          timings: { trainMs: t1 - t0, selectionMs: t2 - t1, evaluationMs: t3 - t2 },
        };
        totals.trainMs += record.timings.trainMs;
        totals.selectionMs += record.timings.selectionMs;
        totals.evaluationMs += record.timings.evaluationMs;
        history.push(record);
        hooks.onEpoch?.(record, config.epochs);
        if (out.interrupted) {
          status = 'interrupted';
          break;
        }
      } catch (error) {
        // Which epoch the device went in: the run is not complete, and a sweep may retry it.
        if (error instanceof DeviceLostError && !error.during) throw new DeviceLostError(error.reason, error.detail, `in epoch ${epoch + 1} of ${config.epochs}`);
        throw error;
      }
    }

    let test: TrainingOutcome['test'] = null;
    if (status === 'complete') {
      const t0 = performance.now();
      const last = evaluate({ rows: prepared.test.length, cols: L, yTrue: yTest, scores: await predictProbabilities(model, xTest) });
      model.restore(best!);
      const bestMetrics = evaluate({ rows: prepared.test.length, cols: L, yTrue: yTest, scores: await predictProbabilities(model, xTest) });
      test = { best: bestMetrics, last };
      totals.evaluationMs += performance.now() - t0;
    }
    const all = onWebGpu(rt) && readbacksAtStart ? rt.ctx.readbacks.since(readbacksAtStart) : null;
    return {
      status,
      history,
      best: bestRecord,
      test,
      timings: { setupMs, ...totals, totalMs: performance.now() - started },
      readbacks: all && { total: all.total, duringSteps: stepReadbacks, steps, perStep: steps ? stepReadbacks / steps : 0, bySource: all.bySource },
      trainingCoverage: visits.summary(),
      resources: runResources(resourcesAtStart, history.map((h) => h.resources)),
      model: { kind: config.model, parameters: model.parameterCount() },
      selection: { method: config.method, backend: selectorBackendOn(rt, config.selectorBackend), options: methodOptions },
      adjustments: notes,
    };
  } finally {
    best?.dispose();
    optimizer?.dispose();
    visits?.dispose();
    selector.dispose();
    model.dispose();
    tf.dispose([xTrain, yTrain, xVal, xTest]);
  }
}
