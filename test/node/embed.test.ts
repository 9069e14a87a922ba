// The embedding API on Node's WebGPU: a tfjs-layers model trained by the app's own loop with
// D2ACE batches (no readback inside the loop, flat tensor and buffer counts), and the three ways
// a runtime can start: its own device, the app's tfjs backend, the app's GPUDevice.
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { describe, expect, it } from 'vitest';
import { createSelector, type StepFeedback } from '../../src/embed/selector';
import { defaultGpuProvider } from '../../src/gpu/provider-node';
import type { ReadbackCounts } from '../../src/gpu/readbacks';
import { createGpuRuntime, type GpuRuntime } from '../../src/gpu/runtime';
import { bceFromProbabilities, bceWithLogits } from '../../src/models/loss';

const N = 192;
const D = 6;
const L = 4;

/** Labels that depend on the features, so the model has something to learn. */
function syntheticTensors(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomUniform([N, D], 0, 1, 'float32', 7) as tf.Tensor2D;
    const w = tf.randomNormal([D, L], 0, 1, 'float32', 11);
    const y = tf.cast(tf.greater(tf.matMul(tf.sub(x, 0.5), w), 0), 'float32') as tf.Tensor2D;
    return { x, y };
  });
}

type Form = 'logits' | 'probs' | 'bce';

/** An app's own loop: a layers model, Adam, and D2ACE choosing the batches. */
async function trainWithSelector(rt: GpuRuntime, epochs: number, form: Form) {
  const { x, y } = syntheticTensors();
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [D] }), tf.layers.dense({ units: L })] });
  const optimizer = tf.train.adam(0.02);
  const selector = await createSelector(rt, { method: 'd2ace', x, y, batchSize: 32, epochs, seed: 3, warn: () => undefined });
  const counts: { tensors: number; buffers: number }[] = [];
  const chosen: tf.Tensor1D[] = [];
  let stepReadbacks = 0;
  const epochReadbacks: ReadbackCounts[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let b = 0; b < selector.batchesPerEpoch(); b++) {
      const before = rt.ctx.readbacks.snapshot();
      const indices = selector.nextBatch();
      const xb = tf.gather(x, indices) as tf.Tensor2D;
      const yb = tf.gather(y, indices) as tf.Tensor2D;
      let logits: tf.Tensor2D | undefined;
      const loss = optimizer.minimize(() => {
        const z = model.apply(xb, { training: true }) as tf.Tensor2D;
        logits = tf.keep(z);
        return tf.losses.sigmoidCrossEntropy(yb, z) as tf.Scalar;
      }, true);
      const probs = tf.sigmoid(logits!) as tf.Tensor2D;
      const bce = bceWithLogits(logits!, yb);
      const feedback: StepFeedback =
        form === 'logits' ? { indices, logits: logits!, labels: yb } : form === 'probs' ? { indices, probs, labels: yb } : { indices, probs, bce };
      await selector.observe(feedback);
      if (epoch === epochs - 1 && b === 0) chosen.push(tf.keep(indices.clone()));
      tf.dispose([indices, xb, yb, logits!, probs, bce, loss!]);
      stepReadbacks += rt.ctx.readbacks.since(before).total;
    }
    const before = rt.ctx.readbacks.snapshot();
    await selector.endEpoch({ predict: (xs) => tf.sigmoid(model.predict(xs) as tf.Tensor2D) as tf.Tensor2D });
    epochReadbacks.push(rt.ctx.readbacks.since(before));
    counts.push({ tensors: tf.memory().numTensors - chosen.length, buffers: rt.ctx.buffers.liveCount });
  }
  const firstBatch = Array.from(await chosen[0]!.data());
  const inspection = await selector.inspect();
  selector.dispose();
  tf.dispose([x, y, ...chosen]);
  model.dispose();
  optimizer.dispose();
  return { counts, stepReadbacks, epochReadbacks, firstBatch, inspection };
}

describe('createSelector in an app-owned training loop', () => {
  it('trains a layers model on D2ACE batches with no readback and flat tensor/buffer counts', async () => {
    const rt = await createGpuRuntime();
    try {
      for (const form of ['logits', 'probs', 'bce'] as const) {
        const run = await trainWithSelector(rt, 4, form);
                expect(run.stepReadbacks, form).toBe(0);
        // Closing an epoch reads at most D2ACE's 8-byte status word and the 4-byte index check.
        expect(run.epochReadbacks.every((r) => r.bytes <= 12), form).toBe(true);
        // The first epoch may allocate the selector's lazily built state; after it, counts stay put.
        expect(new Set(run.counts.slice(1).map((c) => c.tensors)).size, form).toBe(1);
        expect(new Set(run.counts.slice(1).map((c) => c.buffers)).size, form).toBe(1);
        expect(run.firstBatch).toHaveLength(32);
        expect(run.firstBatch.every((i) => Number.isInteger(i) && i >= 0 && i < N)).toBe(true);
        expect(run.inspection?.method).toBe('d2ace');
      }
    } finally {
      rt.dispose();
    }
  });

  it('computes the same BCE from probabilities as from logits', async () => {
    const rt = await createGpuRuntime();
    try {
      const [a, b] = tf.tidy(() => {
        const logits = tf.randomNormal([50, 5], 0, 3, 'float32', 5) as tf.Tensor2D;
        const labels = tf.cast(tf.greater(tf.randomUniform([50, 5], 0, 1, 'float32', 6), 0.5), 'float32') as tf.Tensor2D;
        return [bceWithLogits(logits, labels), bceFromProbabilities(tf.sigmoid(logits) as tf.Tensor2D, labels)];
      });
      const [fromLogits, fromProbs] = [await a.data(), await b.data()];
      for (let i = 0; i < fromLogits.length; i++) expect(fromProbs[i]).toBeCloseTo(fromLogits[i]!, 4);
      tf.dispose([a, b]);
    } finally {
      rt.dispose();
    }
  });

  it('refuses bad input with the exact error', async () => {
    const rt = await createGpuRuntime();
    const x = tf.zeros([10, 3]) as tf.Tensor2D;
    const y = tf.zeros([10, 2]) as tf.Tensor2D;
    try {
      await expect(createSelector(rt, { method: 'd2acee', x, y, batchSize: 4, epochs: 2 })).rejects.toThrow(
        "unknown selection method 'd2acee' (methods: uniform, d2ace, obs, active-bias, recency-bias, ubs, mladabatch)",
      );
      await expect(createSelector(rt, { method: 'd2ace', x, y, batchSize: 11, epochs: 2 })).rejects.toThrow('batch size 11 is larger than the 10 training instances');
      await expect(createSelector(rt, { method: 'd2ace', config: { neighbors: -1 }, x, y, batchSize: 4, epochs: 2 })).rejects.toThrow('invalid d2ace configuration: neighbors must be an integer >= 0, got -1');
      const selector = await createSelector(rt, { method: 'uniform', x, y, batchSize: 4, epochs: 2 });
      selector.dispose();
      for (const [call, use] of [
        ['nextBatch', () => selector.nextBatch()],
        ['batchesPerEpoch', () => selector.batchesPerEpoch()],
        ['batchWeights', () => selector.batchWeights(tf.zeros([1], 'int32') as tf.Tensor1D)],
      ] as const) {
        expect(use, call).toThrow(`uniform: ${call}() after dispose(): the selector has been disposed`);
      }
      await expect(selector.inspect()).rejects.toThrow('uniform: inspect() after dispose(): the selector has been disposed');
      await expect(selector.endEpoch()).rejects.toThrow('uniform: endEpoch() after dispose(): the selector has been disposed');
    } finally {
      tf.dispose([x, y]);
      rt.dispose();
    }
  });
});

/** A device the app requested itself, as an app would. */
async function appDevice(): Promise<{ device: GPUDevice; info: GPUAdapterInfo; release: () => void }> {
  const provider = await defaultGpuProvider();
  const adapter = (await provider.gpu.requestAdapter())!;
  return { device: await adapter.requestDevice(), info: adapter.info, release: () => provider.release() };
}

describe('bring your own backend or device', () => {
  it('adopts the app tfjs backend: same device, nothing re-registered, device alive after dispose', async () => {
    const app = await appDevice();
    const appBackend = new WebGPUBackend(app.device, app.info);
    const read = appBackend.read;
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    tf.registerBackend('webgpu', () => appBackend, 10);
    expect(await tf.setBackend('webgpu')).toBe(true);

    const rt = await createGpuRuntime({ backend: tf.backend() as WebGPUBackend });
    expect(rt.ctx.device).toBe(app.device);
    expect(rt.backend).toBe(appBackend);
    const run = await trainWithSelector(rt, 2, 'logits');
    expect(run.stepReadbacks).toBe(0);
    // Reads through the app backend while we hold it are counted: the app's read of its first
    // batch, the selector's two input checks at creation and its index check in each of 2 epochs.
    const t = tf.ones([3]);
    await t.data();
    expect(rt.ctx.readbacks.snapshot().bySource['tensor-read']).toBe(1 + 2 + 2);
    rt.dispose();

    expect(tf.findBackend('webgpu')).toBe(appBackend);
    expect(tf.backend()).toBe(appBackend);
    expect(appBackend.read).toBe(read);
    // The app's tfjs still works on its device.
    expect(Array.from(await tf.add(t, 1).data())).toEqual([2, 2, 2]);
    tf.dispose(t);
    app.device.destroy();
    app.release();
  });

  it('works on the app GPUDevice and starts tfjs there; refuses a device tfjs does not run on', async () => {
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    const app = await appDevice();
    const rt = await createGpuRuntime({ device: app.device, adapterInfo: app.info });
    expect(rt.ctx.device).toBe(app.device);
    expect(rt.backend.device).toBe(app.device);
    expect(tf.backend()).toBe(rt.backend);
    const run = await trainWithSelector(rt, 2, 'probs');
    expect(run.stepReadbacks).toBe(0);
    rt.dispose();
    // The device is the app's: still usable after our dispose.
    const buffer = app.device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE });
    buffer.destroy();

    const other = await appDevice();
    await expect(createGpuRuntime({ device: other.device })).rejects.toThrow(
      "createGpuRuntime({ device }): tfjs's 'webgpu' backend already runs on another GPUDevice, and tensors cannot cross devices; pass { backend: tf.backend() } to share that backend instead",
    );
    await expect(createGpuRuntime({ device: other.device, backend: rt.backend })).rejects.toThrow('createGpuRuntime: pass { backend } or { device }, not both');
    other.device.destroy();
    other.release();
    app.device.destroy();
    app.release();
  });
});

describe('createSelector refuses bad input, each with the call and the problem', () => {
  const n = 100;
  const rows = (values: (i: number, j: number) => number, cols: number) => tf.tensor2d(Array.from({ length: n * cols }, (_, k) => values(Math.floor(k / cols), k % cols)), [n, cols]);

  it('labels that are not 0/1, and features that are not finite, at creation (validate: false skips it)', async () => {
    const rt = await createGpuRuntime();
    const x = rows((i, j) => i + j, 3);
    const y = rows((i, j) => (i + j) % 2, 2);
    const fives = rows((i, j) => (i === 7 && j === 1 ? 5 : 0), 2);
    const normal = tf.randomNormal([n, 2], 0, 1, 'float32', 3) as tf.Tensor2D;
    const nan = rows((i, j) => (i === 42 && j === 2 ? NaN : 1), 3);
    const inf = rows((i, j) => (i === 3 && j === 0 ? -Infinity : 1), 3);
    const quiet = () => undefined;
    try {
      await expect(createSelector(rt, { method: 'd2ace', x, y: fives, batchSize: 10, epochs: 2, warn: quiet })).rejects.toThrow('createSelector: y must hold 0/1 labels; y[7, 1] is 5 (validate: false skips this check)');
      await expect(createSelector(rt, { method: 'd2ace', x, y: normal, batchSize: 10, epochs: 2, warn: quiet })).rejects.toThrow(/^createSelector: y must hold 0\/1 labels; y\[0, 0\] is -?\d/);
      await expect(createSelector(rt, { method: 'uniform', x: nan, y, batchSize: 10, epochs: 2 })).rejects.toThrow('createSelector: x must be finite; x[42, 2] is NaN');
      await expect(createSelector(rt, { method: 'uniform', x: inf, y, batchSize: 10, epochs: 2 })).rejects.toThrow('createSelector: x must be finite; x[3, 0] is -Infinity');
      await expect(createSelector(rt, { method: 'uniform', x, y: tf.zeros([99, 2]) as tf.Tensor2D, batchSize: 10, epochs: 2 })).rejects.toThrow('createSelector: x and y must have the same rows, got 100 and 99');
      const unchecked = await createSelector(rt, { method: 'uniform', x: nan, y: fives, batchSize: 10, epochs: 2, validate: false });
      unchecked.dispose();
    } finally {
      tf.dispose([x, y, fives, normal, nan, inf]);
      rt.dispose();
    }
  });

  it('observe: float32 or 2-D indices and mis-shaped outputs at once; out-of-range row indices at endEpoch, with no read inside the step', async () => {
    const rt = await createGpuRuntime();
    const x = rows((i, j) => i * 0.01 + j, 3);
    const y = rows((i, j) => (i + j) % 2, 2);
    try {
      const selector = await createSelector(rt, { method: 'd2ace', x, y, batchSize: 10, epochs: 3, warn: () => undefined });
      const probs = tf.fill([3, 2], 0.5) as tf.Tensor2D;
      const labels = tf.zeros([3, 2]) as tf.Tensor2D;
      const floats = tf.tensor1d([1, 2, 3], 'float32');
      await expect(selector.observe({ indices: floats, probs, labels })).rejects.toThrow('d2ace: observe: indices must be int32 row indices, got float32');
      const square = tf.zeros([3, 1], 'int32') as unknown as tf.Tensor1D;
      await expect(selector.observe({ indices: square, probs, labels })).rejects.toThrow('d2ace: observe: indices must be 1-D, got shape [3, 1]');
      const ok = tf.tensor1d([1, 2, 3], 'int32');
      await expect(selector.observe({ indices: ok, probs: tf.fill([3, 5], 0.5) as tf.Tensor2D, labels })).rejects.toThrow('d2ace: observe: probs must have shape [3, 2] (the batch\'s 3 rows x 2 labels), got [3, 5]');
      await expect(selector.observe({ indices: ok, logits: probs, labels: tf.zeros([3, 2], 'int32') as tf.Tensor2D })).rejects.toThrow('d2ace: observe: labels must be float32, got int32');
      // Out of range: 500 and 1000 for N = 100, and -5. Accepted by the step (no read), refused at endEpoch.
      const before = rt.ctx.readbacks.snapshot();
      const bad = tf.tensor1d([4, 500, 1000], 'int32');
      await selector.observe({ indices: bad, probs, labels });
      const negative = tf.tensor1d([-5, 1, 2], 'int32');
      await selector.observe({ indices: negative, probs, labels });
      expect(rt.ctx.readbacks.since(before).total).toBe(0);
      await expect(selector.endEpoch()).rejects.toThrow("d2ace: observe in epoch 0 got row index 500, outside the training set's rows 0..99; that step's update was not applied as meant");
      tf.dispose([probs, labels, floats, square, ok, bad, negative]);
      selector.dispose();
    } finally {
      tf.dispose([x, y]);
      rt.dispose();
    }
  });
});
