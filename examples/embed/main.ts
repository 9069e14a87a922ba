// An app that already trains with tfjs embeds D2ACE: its model, its optimiser, its loop; the
// selector only picks the rows of each batch. Nothing in the loop reads a tensor back.
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-webgpu';
import { createGpuRuntime, createSelector, type GpuRuntime } from 'd2ace-webgpu';

const N = 1024;
const FEATURES = 16;
const LABELS = 5;
const EPOCHS = 8;
const BATCH = 64;
const status = document.querySelector<HTMLParagraphElement>('#status')!;

/** Labels from a random linear map, thresholded so label 0 is common and the last is rare. */
function syntheticData(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([N, FEATURES], 0, 1, 'float32', 1) as tf.Tensor2D;
    const scores = tf.matMul(x, tf.randomNormal([FEATURES, LABELS], 0, 1, 'float32', 2));
    const thresholds = tf.tensor1d(Array.from({ length: LABELS }, (_, l) => -1 + 0.6 * l));
    return { x, y: tf.cast(tf.greater(scores, thresholds.mul(4)), 'float32') as tf.Tensor2D };
  });
}

/** The two ways in: adopt tfjs's running WebGPU backend, or hand over the app's own device. */
async function startRuntime(mode: string): Promise<GpuRuntime> {
  if (mode === 'device') {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) throw new Error('no WebGPU adapter');
    const device = await adapter.requestDevice();
    return createGpuRuntime({ device, adapterInfo: adapter.info });
  }
  if (!(await tf.setBackend('webgpu'))) throw new Error("tfjs could not start its 'webgpu' backend");
  await tf.ready();
  return createGpuRuntime({ backend: tf.backend() as WebGPUBackend });
}

function renderRow(epoch: string, shares: number[]): void {
  const table = document.querySelector<HTMLTableElement>('#frequencies')!;
  table.hidden = false;
  if (!table.tHead!.rows.length) {
    table.tHead!.innerHTML = `<tr><th>epoch</th>${shares.map((_, l) => `<th>label ${l}</th>`).join('')}</tr>`;
  }
  const cells = shares.map((s) => `<td class="bar"><span style="width:${(100 * s).toFixed(0)}px"></span> ${(100 * s).toFixed(1)}%</td>`);
  table.tBodies[0]!.insertAdjacentHTML('beforeend', `<tr><td>${epoch}</td>${cells.join('')}</tr>`);
}

async function main(): Promise<void> {
  const mode = new URLSearchParams(location.search).get('mode') ?? 'backend';
  const runtime = await startRuntime(mode);
  const { x, y } = syntheticData();
  const datasetRates = Array.from(await tf.mean(y, 0).data());
  renderRow('data', datasetRates);

  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 32, activation: 'relu', inputShape: [FEATURES] }), tf.layers.dense({ units: LABELS })],
  });
  const optimizer = tf.train.adam(0.01);
  const selector = await createSelector(runtime, { method: 'd2ace', x, y, batchSize: BATCH, epochs: EPOCHS, seed: 0 });
  const frequencies: number[][] = [];
  let stepReadbacks = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    status.textContent = `Training (${mode}): epoch ${epoch + 1} of ${EPOCHS}...`;
    let labelCounts = tf.zeros([LABELS]);
    const batches = selector.batchesPerEpoch();
    for (let b = 0; b < batches; b++) {
      const before = runtime.ctx.readbacks.snapshot();
      const indices = selector.nextBatch();
      const [xb, yb] = [tf.gather(x, indices) as tf.Tensor2D, tf.gather(y, indices) as tf.Tensor2D];
      let logits: tf.Tensor2D | undefined;
      const loss = optimizer.minimize(() => {
        logits = tf.keep(model.apply(xb, { training: true }) as tf.Tensor2D);
        return tf.losses.sigmoidCrossEntropy(yb, logits) as tf.Scalar;
      }, true);
      await selector.observe({ indices, logits: logits!, labels: yb });
      const counts = tf.add(labelCounts, tf.sum(yb, 0));
      tf.dispose([labelCounts, indices, xb, yb, logits!, loss!]);
      labelCounts = counts;
      stepReadbacks += runtime.ctx.readbacks.since(before).total;
    }
    await selector.endEpoch();
    // Between epochs: the one read of the epoch, for the table.
    const shares = Array.from(await labelCounts.data()).map((c) => c / (batches * BATCH));
    labelCounts.dispose();
    frequencies.push(shares);
    renderRow(String(epoch + 1), shares);
  }
  selector.dispose();
  model.dispose();
  optimizer.dispose();
  tf.dispose([x, y]);
  runtime.dispose();
  status.textContent = `Done (${mode}): ${EPOCHS} epochs, ${stepReadbacks} readbacks inside steps.`;
  Object.assign(globalThis, { embedResult: { mode, stepReadbacks, datasetRates, frequencies } });
}

main().catch((error: unknown) => {
  status.textContent = `Failed: ${(error as Error).message}`;
  Object.assign(globalThis, { embedResult: { error: (error as Error).message } });
  throw error;
});
