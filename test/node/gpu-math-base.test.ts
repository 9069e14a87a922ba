// What GpuMathBase holds for every method's GPU math: use before initialize() and a second
// initialize() are refused with the method's name, and dispose() destroys every buffer the
// math owns (D2ACE's and UBS's grouped step buffers and the shared draw included).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SELECTION_METHODS } from '../../src/selection/registry';
import type { SelectionMath } from '../../src/selection/method-selector';
import { MethodSelector } from '../../src/selection/method-selector';
import { seededRandom } from '../../src/util/random';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();
const N = 64;
const L = 5;

function init() {
  const random = seededRandom(4);
  const x = tf.tensor2d(Float32Array.from({ length: N * 3 }, () => random()), [N, 3]);
  const y = tf.tensor2d(Float32Array.from({ length: N * L }, () => (random() < 0.3 ? 1 : 0)), [N, L]);
  return { data: { x, y, numInstances: N, numLabels: L }, batchSize: 16, epochs: 4, seed: 1 };
}

describe('GpuMathBase, through every method with GPU math', () => {
  const methods = SELECTION_METHODS.filter((m) => m.name !== 'uniform');
  it.each(methods.map((m) => [m.name, m] as const))('%s: guards and disposal', async (name, method) => {
    const rt = runtime();
    const selector = method.create({ backend: 'gpu', runtime: rt, warn: () => undefined }, method.resolve({}));
    expect(selector).toBeInstanceOf(MethodSelector);
    const math = (selector as MethodSelector).math as SelectionMath;
    expect(math.kind).toBe('gpu');
    await expect(math.state()).rejects.toThrow(`${name} selector: initialize() first`);
    const before = rt.ctx.buffers.liveCount;
    const run = init();
    await math.initialize(run);
    expect(rt.ctx.buffers.liveCount).toBeGreaterThan(before);
    await expect(math.initialize(run)).rejects.toThrow(`${name} selector: initialize() was already called`);
    math.dispose();
    expect(rt.ctx.buffers.liveCount).toBe(before);
    await expect(math.state()).rejects.toThrow(`${name} selector: initialize() first`);
    tf.dispose([run.data.x, run.data.y]);
  });
});
