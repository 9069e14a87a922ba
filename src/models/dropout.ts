/**
 * Inverted dropout with masks from a counter-based RNG, reproducible for (seed, stream): on
 * WebGPU drawn by shaders/tfjs/dropout_mask.wgsl (no per-step CPU random numbers or uploads),
 * on the CPU runtime by its TypeScript twin, bit for bit the same values. Each call site passes
 * its own stream (layer id and step), so masks differ across layers and steps.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import rngSource from '../../shaders/lib/rng.wgsl?raw';
import maskSource from '../../shaders/tfjs/dropout_mask.wgsl?raw';
import { rngUniform } from '../util/counter-rng';

const WORKGROUP = 64;

class DropoutMaskProgram {
  variableNames: string[] = [];
  uniforms = 'seed : u32, stream : u32, keep : f32,';
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  size = true;
  shaderKey = 'd2ace_dropout_mask';
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  constructor(public outputShape: number[]) {
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(outputShape.reduce((a, b) => a * b, 1) / WORKGROUP), 1, 1];
  }
  getUserCode(): string {
    return `${rngSource}\n${maskSource}`;
  }
}

/** A mask tensor of `shape`: 1/keep with probability keep, else 0. */
export function dropoutMask(shape: number[], keep: number, seed: number, stream: number): tf.Tensor {
  if (!(keep > 0 && keep <= 1)) throw new Error(`dropout keep probability must be in (0, 1], got ${keep}`);
  const backend = tf.backend() as Partial<WebGPUBackend>;
  // CPU backends (wasm, cpu): the twin draws the same values where the tensor will live anyway.
  if (typeof backend.runWebGPUProgram !== 'function') return tf.tensor(dropoutMaskReference(shape.reduce((a, b) => a * b, 1), keep, seed, stream), shape);
  const info = backend.runWebGPUProgram(new DropoutMaskProgram(shape) as never, [], 'float32', [
    { type: 'uint32', data: [seed >>> 0] },
    { type: 'uint32', data: [stream >>> 0] },
    { type: 'float32', data: [keep] },
  ]);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** The twin of the WGSL mask: the CPU runtime's masks, and the tests' reference. */
export function dropoutMaskReference(size: number, keep: number, seed: number, stream: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rngUniform(seed, stream, i) < keep ? Math.fround(1 / keep) : 0;
  return out;
}

/** x * mask when training with rate > 0; x itself otherwise. */
export function dropout(x: tf.Tensor, rate: number, training: boolean, seed: number, stream: number): tf.Tensor {
  if (!training || rate === 0) return x;
  return tf.mul(x, dropoutMask(x.shape, 1 - rate, seed, stream));
}
