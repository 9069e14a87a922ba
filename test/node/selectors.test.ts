import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { GpuRuntime } from '../../src/gpu/runtime';
import { CpuD2aceSelector } from '../../src/selection/d2ace/cpu-math';
import { GpuD2aceSelector } from '../../src/selection/d2ace/gpu-math';
import type { BatchSelector } from '../../src/selection/selector';
import { UniformSelector } from '../../src/selection/uniform/selector';
import { seededRandom } from '../../src/util/random';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();
const N = 120;
const L = 6;
const B = 32;

function trainingSet(seed = 3) {
  const random = seededRandom(seed);
  const x = tf.tensor2d(Float32Array.from({ length: N * 4 }, () => random()), [N, 4]);
  const y = tf.tensor2d(Float32Array.from({ length: N * L }, () => (random() < 0.3 ? 1 : 0)), [N, L]);
  return { x, y, numInstances: N, numLabels: L };
}

/** Drives a selector like the trainer does, with random model outputs; returns every batch. */
async function drive(rt: GpuRuntime, selector: BatchSelector, epochs: number, onEpoch?: (epoch: number) => void, bceValue?: number): Promise<number[][][]> {
  const random = seededRandom(9);
  const seen: number[][][] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const batches: number[][] = [];
    for (let b = 0; b < selector.batchesPerEpoch(epoch); b++) {
      const indices = selector.nextBatch();
      const n = indices.shape[0];
      const probs = tf.tensor2d(Float32Array.from({ length: n * L }, () => random()), [n, L]);
      const bce = tf.tensor2d(Float32Array.from({ length: n * L }, () => bceValue ?? random()), [n, L]);
      await selector.observe(indices, probs, bce);
      batches.push(Array.from(await indices.data()));
      tf.dispose([indices, probs, bce]);
    }
    seen.push(batches);
    await selector.endEpoch(epoch);
    await rt.ctx.sync();
    onEpoch?.(epoch);
  }
  return seen;
}

describe('D2ACE selector (GPU)', () => {
  it('keeps tensor and buffer counts flat across epochs, and reads nothing back per step', async () => {
    const rt = runtime();
    const data = trainingSet();
    const selector = new GpuD2aceSelector(rt, { config: { warmupEpochs: 2 } });
    await selector.initialize({ data, batchSize: B, epochs: 8, seed: 5 });
    const tensors: number[] = [];
    const buffers: number[] = [];
    const stepReadbacks: number[] = [];
    for (let epoch = 0; epoch < 6; epoch++) {
      for (let b = 0; b < selector.batchesPerEpoch(); b++) {
        const before = rt.ctx.readbacks.snapshot();
        const indices = selector.nextBatch();
        const n = indices.shape[0];
        const probs = tf.fill([n, L], 0.4) as tf.Tensor2D;
        const bce = tf.fill([n, L], 0.7) as tf.Tensor2D;
        selector.observe(indices, probs, bce);
        stepReadbacks.push(rt.ctx.readbacks.since(before).total);
        tf.dispose([indices, probs, bce]);
      }
      selector.endEpoch(epoch);
      await rt.ctx.sync();
      tensors.push(tf.memory().numTensors);
      buffers.push(rt.ctx.buffers.liveCount);
    }
    expect(stepReadbacks.every((r) => r === 0)).toBe(true);
    // From the first selection epoch on, one batch tensor per epoch is held: nothing accumulates.
    expect(new Set(tensors.slice(2)).size).toBe(1);
    expect(new Set(buffers).size).toBe(1);
    const inspection = await selector.inspect();
    expect(inspection).toMatchObject({ method: 'd2ace', epoch: 6, phase: 'selection', fallback: { uncertainty: false, hardness: false } });
    expect((inspection['labelWeights'] as { uncertainty: number[] }).uncertainty).toHaveLength(L);
    selector.dispose();
    expect(rt.ctx.buffers.liveCount).toBeLessThan(buffers[0]!);
    tf.dispose([data.x, data.y]);
  });

  it('walks one fixed permutation during warm-up, then draws full batches; reproducible for a seed', async () => {
    const rt = runtime();
    const data = trainingSet();
    const run = async (seed: number) => {
      const selector = new GpuD2aceSelector(rt, { config: { warmupEpochs: 2 } });
      await selector.initialize({ data, batchSize: B, epochs: 5, seed });
      const seen = await drive(rt, selector, 4);
      selector.dispose();
      return seen;
    };
    const a = await run(5);
    // Warm-up: each epoch covers every instance once, in the same order both epochs.
    expect(a[0]!.flat().sort((p, q) => p - q)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(a[1]).toEqual(a[0]);
    expect(a[0]!.map((b) => b.length)).toEqual([32, 32, 32, 24]);
    // Selection: ceil(N / B) batches of B distinct instances.
    for (const batch of a[2]!) {
      expect(batch).toHaveLength(B);
      expect(new Set(batch).size).toBe(B);
    }
    expect(await run(5)).toEqual(a);
    expect((await run(6))[2]).not.toEqual(a[2]);
    tf.dispose([data.x, data.y]);
  });

  it('falls back to uniform with a warning when the scores are not finite', async () => {
    const rt = runtime();
    const data = trainingSet();
    const warnings: string[] = [];
    const selector = new GpuD2aceSelector(rt, { config: { warmupEpochs: 1 }, warn: (m) => warnings.push(m) });
    await selector.initialize({ data, batchSize: B, epochs: 5, seed: 1 });
    await drive(rt, selector, 1, undefined, Number.NaN);
    await rt.ctx.sync();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(warnings).toEqual(['D2ACE epoch 1: hardness scores were not finite; that distribution fell back to uniform']);
    const state = await selector.readState();
    expect(state.pi.every((p) => Number.isFinite(p) && p > 0)).toBe(true);
    expect(state.pi.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    selector.dispose();
    tf.dispose([data.x, data.y]);
  });

  it('rejects bad settings with clear errors', async () => {
    const rt = runtime();
    const data = trainingSet();
    await expect(new GpuD2aceSelector(rt).initialize({ data, batchSize: N + 1, epochs: 5, seed: 1 })).rejects.toThrow(`batch size ${N + 1} is larger than the ${N} training instances`);
    expect(() => new GpuD2aceSelector(rt, { config: { window: 1, alpha: 2 } })).toThrow('invalid D2ACE configuration: window must be an integer >= 2, got 1; alpha must be in [0, 1], got 2');
    await expect(new GpuD2aceSelector(rt, { config: { neighbors: 20 } }).initialize({ data, batchSize: B, epochs: 5, seed: 1 })).rejects.toThrow('D2ACE on the GPU supports at most 15 neighbours, got 20');
    tf.dispose([data.x, data.y]);
  });
});

describe('D2ACE selector on the CPU (the twin)', () => {
  it('draws the same batches as the GPU selector from the same training dynamics', async () => {
    const rt = runtime();
    const data = trainingSet();
    const run = async (selector: BatchSelector) => {
      await selector.initialize({ data, batchSize: B, epochs: 6, seed: 5 });
      const seen = await drive(rt, selector, 5);
      selector.dispose();
      return seen;
    };
    const gpu = await run(new GpuD2aceSelector(rt, { config: { warmupEpochs: 2 } }));
    const cpu = await run(new CpuD2aceSelector({ config: { warmupEpochs: 2 } }));
    expect(cpu.slice(0, 2)).toEqual(gpu.slice(0, 2));
    // After warm-up, pi differs only by float rounding; the Gumbel keys are the same numbers.
    const pairs = gpu.slice(2).flatMap((epoch, e) => epoch.map((batch, b) => [batch, cpu[e + 2]![b]!] as const));
    const same = pairs.filter(([g, c]) => g.join() === c.join()).length;
    expect(same / pairs.length).toBeGreaterThanOrEqual(0.9);
    tf.dispose([data.x, data.y]);
  });
});

describe('uniform selector', () => {
  it('reshuffles every epoch with the seed and covers each instance once per epoch', async () => {
    const rt = runtime();
    const data = trainingSet();
    const run = async () => {
      const selector = new UniformSelector();
      await selector.initialize({ data, batchSize: B, epochs: 3, seed: 4 });
      const seen = await drive(rt, selector, 3);
      selector.dispose();
      return seen;
    };
    const a = await run();
    for (const epoch of a) expect(epoch.flat().sort((p, q) => p - q)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(a[1]).not.toEqual(a[0]);
    expect(await run()).toEqual(a);
    tf.dispose([data.x, data.y]);
  });
});

describe("D2ACE options draw: 'epoch' and nan: 'reference' (GPU and twin)", () => {
  it("draw: 'epoch' visits every instance once per selection epoch; GPU and twin draw the same batches", async () => {
    const rt = runtime();
    const data = trainingSet();
    const run = async (selector: BatchSelector) => {
      await selector.initialize({ data, batchSize: B, epochs: 6, seed: 5 });
      const seen = await drive(rt, selector, 5);
      selector.dispose();
      return seen;
    };
    const config = { warmupEpochs: 2, draw: 'epoch' as const };
    const gpu = await run(new GpuD2aceSelector(rt, { config }));
    const cpu = await run(new CpuD2aceSelector({ config }));
    const extra = Math.ceil(N / B) * B - N;
    for (const epoch of gpu.slice(2)) {
      const counts = new Map<number, number>();
      for (const i of epoch.flat()) counts.set(i, (counts.get(i) ?? 0) + 1);
      expect(counts.size).toBe(N);
      expect([...counts.values()].filter((c) => c === 2)).toHaveLength(extra);
    }
    const pairs = gpu.slice(2).flatMap((epoch, e) => epoch.map((batch, b) => [batch, cpu[e + 2]![b]!] as const));
    expect(pairs.filter(([g, c]) => g.join() === c.join()).length / pairs.length).toBeGreaterThanOrEqual(0.9);
    // The default draw reaches far fewer instances in an epoch.
    const independent = await run(new GpuD2aceSelector(rt, { config: { warmupEpochs: 2 } }));
    expect(new Set(independent[3]!.flat()).size).toBeLessThan(0.8 * N);
    tf.dispose([data.x, data.y]);
  });

  it("nan: 'reference': a saturated sigmoid makes p_E uniform on the GPU and in the twin, noted once per run", async () => {
    const rt = runtime();
    const data = trainingSet();
    const run = async (selector: BatchSelector, warnings: string[]) => {
      await selector.initialize({ data, batchSize: B, epochs: 6, seed: 5 });
      const random = seededRandom(2);
      let firstPi: ArrayLike<number> = [];
      for (let epoch = 0; epoch < 4; epoch++) {
        for (let b = 0; b < selector.batchesPerEpoch(epoch); b++) {
          const indices = selector.nextBatch();
          const n = indices.shape[0];
          // Label 0 saturates to exactly 1 (a float32 sigmoid of a logit above ~17).
          const probs = tf.tensor2d(Float32Array.from({ length: n * L }, (_, k) => (k % L === 0 ? 1 : random())), [n, L]);
          const bce = tf.tensor2d(Float32Array.from({ length: n * L }, () => random()), [n, L]);
          await selector.observe(indices, probs, bce);
          tf.dispose([indices, probs, bce]);
        }
        await selector.endEpoch(epoch);
        await rt.ctx.sync();
        // The first distribution comes from the same warm-up on both (later batches may differ).
        if (epoch === 1) firstPi = (await (selector as GpuD2aceSelector | CpuD2aceSelector).state())['pi']!;
      }
      const inspection = await selector.inspect!();
      const state = await (selector as GpuD2aceSelector | CpuD2aceSelector).state();
      selector.dispose();
      return { inspection, state, warnings, firstPi };
    };
    const config = { warmupEpochs: 2, nan: 'reference' as const };
    const gpuWarnings: string[] = [];
    const cpuWarnings: string[] = [];
    const gpu = await run(new GpuD2aceSelector(rt, { config, warn: (m) => gpuWarnings.push(m) }), gpuWarnings);
    const cpu = await run(new CpuD2aceSelector({ config, warn: (m) => cpuWarnings.push(m) }), cpuWarnings);
    for (const r of [gpu, cpu]) {
      // E of label 0 is NaN for every visited instance; the other labels are defined.
      const E = r.state['uncertainty']!;
      expect(Number.isNaN(E[0]!)).toBe(true);
      expect(Number.isFinite(E[1]!)).toBe(true);
      expect(r.inspection).toMatchObject({ fallback: { uncertainty: true, hardness: false }, referenceNanEpochs: 3 }); // distributions for epochs 2, 3 and 4
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toContain("D2ACE epoch 2 (nan: 'reference'): the uncertainty E has NaN entries");
    }
    // pi = beta / N + (1 - beta) p_H: the same on both.
    const piGpu = gpu.firstPi;
    const piCpu = cpu.firstPi;
    let mismatch = 0;
    for (let i = 0; i < N; i++) if (Math.abs(piGpu[i]! - piCpu[i]!) > 1e-5 * piCpu[i]!) mismatch++;
    expect(mismatch / N).toBeLessThan(0.02);
    // The default ('defined') sees no NaN from the same outputs.
    const defined: string[] = [];
    const plain = await run(new GpuD2aceSelector(rt, { config: { warmupEpochs: 2 }, warn: (m) => defined.push(m) }), defined);
    expect(Array.from(plain.state['uncertainty']!).every(Number.isFinite)).toBe(true);
    expect(plain.inspection).toMatchObject({ fallback: { uncertainty: false, hardness: false } });
    expect(defined).toEqual([]);
    tf.dispose([data.x, data.y]);
  });
});
