/**
 * The k-nearest-neighbour graph of the training features, shared by every method that needs
 * one (D2ACE's local label context uses k = 6, MLAdaBatch's minority weights k = 5): one kNN
 * kernel (shaders/d2ace/knn.wgsl) and one twin (knnReference), so every method sees the same
 * neighbours with the same tie rules. Row i holds i itself first, then its k nearest other
 * instances, nearest first; the first k' + 1 columns of a k-graph are therefore the k'-graph.
 */
import type * as tf from '@tensorflow/tfjs';
import { borrowTensorBuffer } from '../../gpu/interop';
import type { KernelBatch } from '../../gpu/runner';
import type { GpuRuntime } from '../../gpu/runtime';
import { KNN_MAX_NEIGHBORS, knnKernel } from '../d2ace/kernels';
import { knnReference } from '../d2ace/reference';

export { KNN_MAX_NEIGHBORS, knnReference };

/** A GPU neighbour graph: `rows x width` u32 indices (width = k + 1, self first). */
export interface NeighborGraph {
  buffer: GPUBuffer;
  rows: number;
  width: number;
}

/** The k the graph can have for N instances (fewer other instances than k: k = N - 1). */
export function graphNeighbors(k: number, rows: number): number {
  return Math.min(k, rows - 1);
}

/** Loads the kNN kernel (call once before recordNeighborGraph). */
export async function loadNeighborKernel(rt: GpuRuntime): Promise<void> {
  await rt.kernels.load(knnKernel);
}

/**
 * Allocates the graph of `points` (N x d features on the GPU) and records its computation into
 * `batch`. The caller owns the buffer (rt.ctx.buffers.destroy) once the batch is submitted.
 */
export function recordNeighborGraph(rt: GpuRuntime, batch: KernelBatch, points: tf.Tensor2D, k: number, label: string): NeighborGraph {
  if (k > KNN_MAX_NEIGHBORS) throw new Error(`${label}: the GPU kNN supports at most ${KNN_MAX_NEIGHBORS} neighbours, got ${k}`);
  const [rows, features] = points.shape;
  const kept = graphNeighbors(k, rows);
  const width = kept + 1;
  const buffer = rt.ctx.buffers.createStorage(`${label}-neighbors`, rows * width * 4);
  if (kept > 0) {
    batch.dispatch(knnKernel, { buffers: { points: borrowTensorBuffer(rt.backend, points), neighbors: buffer }, params: { rows, features, k: kept } });
  } else {
    rt.ctx.device.queue.writeBuffer(buffer, 0, Uint32Array.from({ length: rows }, (_, i) => i));
  }
  return { buffer, rows, width };
}

/** The twin: the same graph from the features on the CPU. */
export function neighborGraphReference(points: Float32Array, rows: number, features: number, k: number): { neighbors: Int32Array; width: number } {
  const kept = graphNeighbors(k, rows);
  return { neighbors: knnReference(points, rows, features, kept), width: kept + 1 };
}
