/**
 * The one entry to the GPU: a device (browser or Node), tfjs's webgpu backend on that same
 * device, and a kernel runner for our WGSL. Everything that owns GPU state receives this.
 *
 * Three ways in:
 * - `createGpuRuntime()` makes a device of its own and (re)starts tfjs's `webgpu` backend on it;
 * - `createGpuRuntime({ backend })` adopts the app's running tfjs WebGPUBackend;
 * - `createGpuRuntime({ device })` works on the app's GPUDevice, and starts tfjs's `webgpu`
 *   backend there unless it has started already (on that device: adopted; elsewhere: refused).
 * The last two never remove or re-register a backend the app started, nor destroy its device.
 *
 * Ordering between the app's tfjs work and our kernels: tfjs records work into its own command
 * encoder and submits it lazily. Every submission of ours first submits what tfjs has recorded,
 * so our kernels see the results of every tfjs op issued before the call, and tfjs ops issued
 * after it run after our kernels. Only the app's own device.queue.submit() calls fall outside
 * this: call flushTfjs(backend) before them when they read tfjs tensors.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { defaultGpuProvider, PROVIDER_RUNTIME, type ProviderOptions } from '#gpu-provider';
import { GpuContext, type AcquireOptions, type GpuProvider } from './context';
import { KernelRunner } from './runner';
import { bindTfjs, countTensorReads, flushTfjs, TFJS_BACKEND } from './tfjs-binding';

export interface GpuRuntime {
  /** Tells it apart from the CPU runtime (src/cpu/runtime.ts) where either may come. */
  readonly kind: 'webgpu';
  ctx: GpuContext;
  /** tfjs's active backend, running on ctx.device. */
  backend: WebGPUBackend;
  kernels: KernelRunner;
  /** Releases what the runtime made: our kernels and buffers, and the device when it is ours. */
  dispose(): void;
}

export interface RuntimeOptions extends AcquireOptions, ProviderOptions {
  /** A ready provider (tests use one to simulate a missing or failing adapter). */
  provider?: GpuProvider;
  /** The app's tfjs WebGPU backend, which must be tfjs's active backend. */
  backend?: WebGPUBackend;
  /** The app's own GPUDevice. */
  device?: GPUDevice;
  /** Its adapter's info, when the device does not carry `adapterInfo` itself. */
  adapterInfo?: GPUAdapterInfo;
}

function assemble(ctx: GpuContext, backend: WebGPUBackend, release: () => void = () => undefined): GpuRuntime {
  ctx.setBeforeSubmit(() => flushTfjs(backend));
  const kernels = new KernelRunner(ctx);
  return {
    kind: 'webgpu',
    ctx,
    backend,
    kernels,
    dispose() {
      kernels.dispose();
      ctx.setBeforeSubmit(undefined);
      release();
      ctx.dispose();
    },
  };
}

/** The app's backend, checked: it must be a WebGPU backend and the one tfjs runs ops on. */
function adoptBackend(backend: WebGPUBackend, adapterInfo: GPUAdapterInfo | undefined): GpuRuntime {
  const device = (backend as { device?: GPUDevice }).device;
  if (!device || typeof device.createBuffer !== 'function') {
    throw new Error('createGpuRuntime({ backend }): the backend is not a tfjs WebGPUBackend (it has no GPUDevice)');
  }
  if (tf.backend() !== backend) {
    throw new Error(
      `createGpuRuntime({ backend }): the backend given is not tfjs's active backend ('${tf.getBackend()}'), ` +
        "so tfjs ops would run elsewhere; call tf.setBackend('webgpu') and pass tf.backend()",
    );
  }
  const ctx = GpuContext.adopt(device, { runtime: PROVIDER_RUNTIME, route: "the app's tfjs WebGPU backend" }, adapterInfo);
  return assemble(ctx, backend, countTensorReads(ctx, backend));
}

async function onAppDevice(device: GPUDevice, adapterInfo: GPUAdapterInfo | undefined): Promise<GpuRuntime> {
  const started = tf.engine().registry[TFJS_BACKEND] as WebGPUBackend | undefined;
  if (started) {
    if (started.device !== device) {
      throw new Error(
        `createGpuRuntime({ device }): tfjs's '${TFJS_BACKEND}' backend already runs on another GPUDevice, and tensors ` +
          'cannot cross devices; pass { backend: tf.backend() } to share that backend instead',
      );
    }
    if (tf.backend() !== started) await tf.setBackend(TFJS_BACKEND);
    return adoptBackend(started, adapterInfo);
  }
  const ctx = GpuContext.adopt(device, { runtime: PROVIDER_RUNTIME, route: "the app's GPUDevice" }, adapterInfo);
  try {
    return assemble(ctx, await bindTfjs(ctx, false));
  } catch (error) {
    ctx.dispose();
    throw error;
  }
}

export async function createGpuRuntime(options: RuntimeOptions = {}): Promise<GpuRuntime> {
  if (options.backend && options.device) throw new Error('createGpuRuntime: pass { backend } or { device }, not both');
  if (options.backend) return adoptBackend(options.backend, options.adapterInfo);
  if (options.device) return onAppDevice(options.device, options.adapterInfo);
  const provider = options.provider ?? (await defaultGpuProvider(options));
  const ctx = await GpuContext.acquire(provider, options);
  try {
    return assemble(ctx, await bindTfjs(ctx));
  } catch (error) {
    ctx.dispose();
    throw error;
  }
}

/** Runs `job` on a fresh runtime and always releases it (page jobs, benchmarks). */
export async function withGpuRuntime<T>(job: (rt: GpuRuntime) => Promise<T>, options: RuntimeOptions = {}): Promise<T> {
  const rt = await createGpuRuntime(options);
  try {
    return await job(rt);
  } finally {
    rt.dispose();
  }
}
