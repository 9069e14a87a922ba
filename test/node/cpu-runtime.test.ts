/**
 * The CPU runtime (tfjs wasm with each method's twin): auto's choice on fake adapters, the
 * dropout masks drawn bit for bit as on WebGPU, every method training with flat tensor counts
 * and readbacks "not applicable", and a seeded run matching its WebGPU twin run.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createCpuRuntime, type CpuRuntime } from '../../src/cpu/runtime';
import { createSelector } from '../../src/embed/selector';
import type { PreparedDataset } from '../../src/data/prepare-core';
import { syntheticDataset } from '../../src/data/synthetic';
import type { GpuProvider } from '../../src/gpu/context';
import { createGpuRuntime } from '../../src/gpu/runtime';
import { dropoutMask, dropoutMaskReference } from '../../src/models/dropout';
import { METHOD_NAMES } from '../../src/selection/registry';
import { resolveTrainConfig } from '../../src/train/config';
import { chooseRuntime, resolveRuntimeRequest } from '../../src/train/open-runtime';
import { trainRun } from '../../src/train/trainer';

function fakeProvider(info: Partial<GPUAdapterInfo> | null): GpuProvider {
  const gpu = { requestAdapter: async () => (info ? { info } : null) } as unknown as GPU;
  return { runtime: 'node', gpu, route: 'a fake provider', release: () => undefined };
}

const SWIFTSHADER = { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device', description: 'SwiftShader driver' };
const HARDWARE = { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H100' };

describe("--runtime auto's choice", () => {
  it('takes the CPU runtime on a software adapter or none, WebGPU on a hardware GPU', async () => {
    expect(await resolveRuntimeRequest('auto', fakeProvider(SWIFTSHADER))).toEqual({
      kind: 'cpu',
      reason: "auto chose the CPU runtime: WebGPU's adapter here is software (google / swiftshader / swiftshader-device), many times slower than tfjs's wasm backend; --runtime node forces WebGPU",
    });
    expect(await resolveRuntimeRequest('auto', fakeProvider(HARDWARE))).toEqual({ kind: 'webgpu', reason: 'auto chose WebGPU: the adapter is a hardware GPU (nvidia / hopper)' });
    expect(await resolveRuntimeRequest('auto', fakeProvider(null))).toEqual({ kind: 'cpu', reason: 'auto chose the CPU runtime: WebGPU is not available here (a fake provider gave no adapter)' });
    expect(chooseRuntime({ found: false, why: 'navigator.gpu is missing' }).kind).toBe('cpu');
  });

  it("forced runtimes do not probe; pages take WebGPU on any adapter (webgpu-if-any)", async () => {
    expect((await resolveRuntimeRequest('webgpu', fakeProvider(null))).kind).toBe('webgpu');
    expect((await resolveRuntimeRequest('cpu', fakeProvider(HARDWARE))).kind).toBe('cpu');
    expect((await resolveRuntimeRequest('webgpu-if-any', fakeProvider(SWIFTSHADER))).kind).toBe('webgpu');
    expect(await resolveRuntimeRequest('webgpu-if-any', fakeProvider(null))).toEqual({ kind: 'cpu', reason: 'WebGPU is not available here (a fake provider gave no adapter)' });
  });
});

/** 600 training rows, 60 validation, 60 test, of a synthetic set. */
function prepared(): PreparedDataset {
  const data = syntheticDataset({ instances: 720, features: 10, labels: 5, cardinality: 1.5, seed: 3 });
  const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
  return { data, train: range(0, 600), validation: range(600, 660), test: range(660, 720) } as unknown as PreparedDataset;
}

const config = (method: string, extra: Record<string, unknown> = {}) =>
  resolveTrainConfig({ method, epochs: 4, batch: 64, mlpWidths: [16], dropout: 0.2, lrWarmupEpochs: 1, lr: 3e-3, seed: 5, methodOptions: { [method]: { ...(method === 'uniform' ? {} : { warmupEpochs: 2 }), ...extra } } });

describe('the CPU runtime', () => {
  let cpu: CpuRuntime | undefined;
  afterAll(() => cpu?.dispose());

  it('draws the same dropout masks as the WebGPU kernel, bit for bit', async () => {
    const gpu = await createGpuRuntime();
    let onGpu: Float32Array;
    try {
      const mask = dropoutMask([37, 29], 0.8, 11, 3);
      onGpu = (await mask.data()) as Float32Array;
      mask.dispose();
    } finally {
      gpu.dispose();
    }
    cpu = await createCpuRuntime();
    expect(tf.getBackend()).toBe('wasm');
    expect(cpu).toMatchObject({ kind: 'cpu', tfjsBackend: 'wasm', simd: true, threads: 1 });
    const mask = dropoutMask([37, 29], 0.8, 11, 3);
    const onCpu = (await mask.data()) as Float32Array;
    mask.dispose();
    expect(Array.from(onCpu)).toEqual(Array.from(onGpu));
    expect(Array.from(onCpu)).toEqual(Array.from(dropoutMaskReference(37 * 29, 0.8, 11, 3)));
  });

  it.each(METHOD_NAMES)('%s trains with its twin: readbacks not applicable, tensor counts flat across epochs', async (method) => {
    cpu ??= await createCpuRuntime();
    const before = tf.memory().numTensors;
    const outcome = await trainRun(cpu, prepared(), config(method), { warn: () => undefined });
    expect(outcome.status).toBe('complete');
    expect(outcome.history).toHaveLength(4);
    expect(outcome.readbacks).toBeNull();
    expect(outcome.selection.backend).toBe('cpu');
    expect(outcome.resources?.leak).toBe(false);
    expect(outcome.resources?.end.buffers).toBe(0);
    expect(outcome.test!.best.macro_auc).toBeGreaterThan(0.5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("createSelector on the CPU runtime selects with the twin, and refuses the 'gpu' backend by name", async () => {
    cpu ??= await createCpuRuntime();
    const x = tf.randomUniform([40, 5], 0, 1, 'float32', 3) as tf.Tensor2D;
    const y = tf.cast(tf.greater(tf.randomUniform([40, 3], 0, 1, 'float32', 4), 0.5), 'float32') as tf.Tensor2D;
    await expect(createSelector(cpu, { method: 'd2ace', x, y, batchSize: 8, epochs: 2, backend: 'gpu', warn: () => undefined })).rejects.toThrow(
      "createSelector: d2ace's 'gpu' backend needs the WebGPU runtime, and this one is the CPU runtime; leave backend out (or 'cpu') for the TypeScript twin",
    );
    const selector = await createSelector(cpu, { method: 'd2ace', x, y, batchSize: 8, epochs: 2, warn: () => undefined });
    const indices = selector.nextBatch();
    expect(indices.shape).toEqual([8]);
    const picked = Array.from(await indices.data());
    expect(picked.every((i) => Number.isInteger(i) && i >= 0 && i < 40)).toBe(true);
    const probs = tf.fill([8, 3], 0.5) as tf.Tensor2D;
    const labels = tf.gather(y, indices) as tf.Tensor2D;
    await selector.observe({ indices, probs, labels });
    tf.dispose([indices, probs, labels]);
    selector.dispose();
    tf.dispose([x, y]);
  });
});

describe('one seeded run on both runtimes', () => {
  it('visits the same instances in the same epochs and learns the same curve (uniform: same batches; d2ace: warm-up batches, then close)', async () => {
    const runOn = async (kind: 'webgpu' | 'cpu', method: string) => {
      const rt = kind === 'webgpu' ? await createGpuRuntime() : await createCpuRuntime();
      try {
        return await trainRun(rt, prepared(), config(method), { warn: () => undefined });
      } finally {
        rt.dispose();
      }
    };
    for (const method of ['uniform', 'd2ace']) {
      const gpu = await runOn('webgpu', method);
      const cpu = await runOn('cpu', method);
      const coverage = (r: typeof gpu) => r.history.map((h) => h.trainingCoverage);
      const curve = (r: typeof gpu) => r.history.map((h) => h.validation.macro_auc);
      if (method === 'uniform') expect(coverage(cpu)).toEqual(coverage(gpu));
      // D2ACE's first two epochs walk the seeded warm-up order on either runtime.
      else expect(coverage(cpu).slice(0, 2)).toEqual(coverage(gpu).slice(0, 2));
      curve(cpu).forEach((v, e) => expect(Math.abs(v - curve(gpu)[e]!), `${method} epoch ${e}`).toBeLessThan(0.03));
    }
  });
});
