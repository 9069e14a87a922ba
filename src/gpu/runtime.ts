/**
 * The one entry to the GPU: a device (browser or Node), tfjs's webgpu backend on that same
 * device, and a kernel runner for our WGSL. Everything that owns GPU state receives this.
 */
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { defaultGpuProvider, type ProviderOptions } from '#gpu-provider';
import { GpuContext, type AcquireOptions, type GpuProvider } from './context';
import { KernelRunner } from './runner';
import { bindTfjs } from './tfjs-binding';

export interface GpuRuntime {
  ctx: GpuContext;
  /** tfjs's active backend, running on ctx.device. */
  backend: WebGPUBackend;
  kernels: KernelRunner;
  dispose(): void;
}

export interface RuntimeOptions extends AcquireOptions, ProviderOptions {
  /** A ready provider (tests use one to simulate a missing or failing adapter). */
  provider?: GpuProvider;
}

export async function createGpuRuntime(options: RuntimeOptions = {}): Promise<GpuRuntime> {
  const provider = options.provider ?? (await defaultGpuProvider(options));
  const ctx = await GpuContext.acquire(provider, options);
  try {
    const backend = await bindTfjs(ctx);
    const kernels = new KernelRunner(ctx);
    return {
      ctx,
      backend,
      kernels,
      dispose() {
        kernels.dispose();
        ctx.setBeforeSubmit(undefined);
        ctx.dispose();
      },
    };
  } catch (error) {
    ctx.dispose();
    throw error;
  }
}
