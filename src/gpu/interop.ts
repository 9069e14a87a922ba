/**
 * Handing tensors to kernels and kernel outputs to tfjs, on the GPU, without CPU copies.
 *
 * Ownership:
 * - borrowTensorBuffer: the buffer still belongs to the tensor. Use it for work submitted
 *   while the tensor is alive; never write to it, never destroy it.
 * - tensorFromBuffer(copy: true): tfjs gets its own copy; the caller keeps (and later
 *   destroys) the source buffer at any time.
 * - tensorFromBuffer(copy: false): the tensor views the caller's buffer; the caller destroys
 *   the buffer (through ctx.buffers, which first submits tfjs's pending work) only after
 *   every tensor made from it is disposed.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { backendInternals, flushTfjs } from './tfjs-binding';

/**
 * The tensor's own GPU buffer, no copy. tfjs's pending work is submitted first, so work we
 * submit afterwards sees the tensor's final contents.
 */
export function borrowTensorBuffer(backend: WebGPUBackend, tensor: tf.Tensor): GPUBuffer {
  if (tensor.isDisposed) throw new Error('borrowTensorBuffer: the tensor is disposed');
  backend.uploadToGPU(tensor.dataId);
  flushTfjs(backend);
  const resource = backendInternals(backend).tensorMap.get(tensor.dataId).resource;
  if (!(resource instanceof GPUBuffer)) {
    throw new Error(`borrowTensorBuffer: tensor ${tensor.id} is not held in a GPU buffer`);
  }
  return resource;
}

export type GpuTensorDtype = 'float32' | 'int32';

/** Wraps `buffer` (STORAGE | COPY_SRC usage) as a tfjs tensor, copying on the GPU unless copy is false. */
export function tensorFromBuffer<R extends tf.Rank>(
  buffer: GPUBuffer,
  shape: tf.ShapeMap[R],
  dtype: GpuTensorDtype,
  options: { copy: boolean },
): tf.Tensor<R> {
  return tf.tensor({ buffer, zeroCopy: !options.copy }, shape, dtype) as tf.Tensor<R>;
}
