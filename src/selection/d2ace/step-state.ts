/**
 * D2ACE's per-step state on the GPU (D2ACE-SPEC sections 1-2): the history ring, visit count,
 * latest loss, flip EMA and uncertainty E, and the one `d2ace_observe` dispatch that updates
 * them. Shared by every method built on D2ACE's uncertainty (D2ACE itself, UBS), so E is one
 * computation, not copies. The twin is createState / observeStep in reference.ts.
 */
import type * as tf from '@tensorflow/tfjs';
import { borrowTensorBuffer } from '../../gpu/interop';
import type { GpuRuntime } from '../../gpu/runtime';
import type { D2aceConfig } from './config';
import { observeKernel } from './kernels';

export type StepConfig = Pick<D2aceConfig, 'window' | 'alpha' | 'entropyClamp' | 'nan'>;

export type StepBuffers = {
  history: GPUBuffer;
  count: GPUBuffer;
  loss: GPUBuffer;
  flips: GPUBuffer;
  uncert: GPUBuffer;
};

/** Allocates the state of N instances x L labels (history as 16-bit pairs, see observe.wgsl). */
export function createStepBuffers(rt: GpuRuntime, N: number, L: number, window: number, label: string): StepBuffers {
  const create = (name: string, bytes: number) => rt.ctx.buffers.createStorage(`${label}-${name}`, bytes);
  return {
    history: create('history', N * window * Math.ceil(L / 2) * 4),
    count: create('count', N * 4),
    loss: create('loss', N * L * 4),
    flips: create('flips', N * L * 4),
    uncert: create('uncertainty', N * L * 4),
  };
}

/** One optimiser step's update: a single dispatch, no readback. */
export function dispatchObserve(rt: GpuRuntime, b: StepBuffers, config: StepConfig, labels: number, indices: tf.Tensor1D, probs: tf.Tensor2D, bce: tf.Tensor2D): void {
  const { backend } = rt;
  rt.kernels.dispatch(observeKernel, {
    buffers: {
      indices: borrowTensorBuffer(backend, indices),
      probs: borrowTensorBuffer(backend, probs),
      bce: borrowTensorBuffer(backend, bce),
      ...b,
    },
    params: {
      batch: indices.shape[0],
      labels,
      window: config.window,
      alpha: config.alpha,
      entropy_clamp: config.entropyClamp,
      nan_mode: config.nan === 'reference' ? 1 : 0,
    },
  });
}
