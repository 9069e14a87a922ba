/**
 * Brings up tfjs's WebGPU backend on OUR device (not one it requests itself), so tfjs tensors
 * and our WGSL kernels share buffers. The registered backend counts tensor readbacks.
 */
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { GpuContext } from './context';

export const TFJS_BACKEND = 'webgpu';

/** The tfjs internals we rely on, reached in one place (tfjs 4.22). */
interface BackendInternals {
  tensorMap: { get(dataId: object): { values: unknown; resource: unknown; dtype: string; shape: number[] } };
  commandEncoder: GPUCommandEncoder | null;
}

export function backendInternals(backend: WebGPUBackend): BackendInternals {
  return backend as unknown as BackendInternals;
}

function byteSize(shape: number[]): number {
  return 4 * shape.reduce((a, b) => a * b, 1);
}

/** Submits whatever tfjs has recorded but not yet submitted; a no-op when nothing is pending. */
export function flushTfjs(backend: WebGPUBackend): void {
  if (backendInternals(backend).commandEncoder) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
}

/**
 * Counts tensor reads of `backend` in ctx.readbacks, by wrapping its read methods on the
 * instance; the returned function puts the originals back (for a backend the app lent us).
 */
export function countTensorReads(ctx: GpuContext, backend: WebGPUBackend): () => void {
  const internals = backendInternals(backend);
  const originalRead = backend.read;
  const originalReadSync = backend.readSync;
  const read = originalRead.bind(backend);
  const readSync = originalReadSync.bind(backend);
  const onGpu = (dataId: object) => {
    const data = internals.tensorMap.get(dataId);
    return data.values == null && data.resource != null ? data : undefined;
  };
  backend.read = (dataId: object) => {
    const data = onGpu(dataId);
    if (data) ctx.readbacks.record('tensor-read', byteSize(data.shape));
    return read(dataId);
  };
  backend.readSync = (dataId: object) => {
    const data = onGpu(dataId);
    if (data) ctx.readbacks.record('tensor-read-sync', byteSize(data.shape));
    return readSync(dataId);
  };
  return () => {
    backend.read = originalRead;
    backend.readSync = originalReadSync;
  };
}

function countingBackend(ctx: GpuContext): WebGPUBackend {
  const backend = new WebGPUBackend(ctx.device, ctx.adapterInfo);
  countTensorReads(ctx, backend);
  return backend;
}

/**
 * Registers and activates the tfjs `webgpu` backend on `ctx.device`. With `replace`, a
 * `webgpu` backend tfjs already has is removed first (our own device); without it, one that
 * has started is left alone and the caller decides (see runtime.ts).
 */
export async function bindTfjs(ctx: GpuContext, replace = true): Promise<WebGPUBackend> {
  if (tf.findBackendFactory(TFJS_BACKEND)) {
    if (!replace && tf.engine().registry[TFJS_BACKEND]) throw new Error(`tfjs's '${TFJS_BACKEND}' backend has already started`);
    tf.removeBackend(TFJS_BACKEND);
  }
  tf.registerBackend(TFJS_BACKEND, () => countingBackend(ctx), 10);
  const ok = await tf.setBackend(TFJS_BACKEND);
  if (!ok) throw new Error('tfjs could not initialise its webgpu backend on the shared device');
  await tf.ready();
  const backend = tf.backend() as WebGPUBackend;
  ctx.setBeforeSubmit(() => flushTfjs(backend));
  return backend;
}

export function tfjsVersion(): string {
  return tf.version_core;
}
