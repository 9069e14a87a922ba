/**
 * GpuContext: one GPUDevice with its error and loss handling. Everything GPU-side in the
 * project (tfjs and our WGSL kernels) runs on the device held here.
 */
import { summarizeAdapterInfo, featuresToList, limitsToObject, type AdapterSummary } from './adapter-report';
import { DeviceLostError, GpuUncapturedError, WebGpuUnavailableError } from './errors';
import { ReadbackCounter } from './readbacks';
import { BufferRegistry } from './buffers';

export type Runtime = 'node' | 'browser';

/** Where a `GPU` object comes from: `navigator.gpu` in a browser, Dawn in Node. */
export interface GpuProvider {
  runtime: Runtime;
  gpu: GPU;
  /** How the adapter was reached, for reports (e.g. the Vulkan driver used in Node). */
  route: string;
  /** Drop references that would keep the process alive. */
  release(): void;
}

/** Optional features requested when the adapter offers them. */
const WANTED_FEATURES = ['timestamp-query', 'subgroups', 'shader-f16'] as GPUFeatureName[];

/** Limits raised to the adapter's maximum: large datasets need big storage buffers. */
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

/** How a provider finds WebGPU; fields that do not apply to a runtime are ignored there. */
export interface ProviderOptions {
  /**
   * Node only: the Vulkan driver (ICD json) Dawn should use, or 'system' for the machine's own
   * drivers. Default: the D2ACE_VK_ICD environment variable, else automatic.
   */
  vulkanIcd?: string;
}

export interface AcquireOptions {
  powerPreference?: GPUPowerPreference;
}

/** Where the device came from, for reports, and what to release with it. */
export type DeviceSource = Pick<GpuProvider, 'runtime' | 'route' | 'release'>;

export class GpuContext {
  readonly readbacks = new ReadbackCounter();
  private readonly errors: Error[] = [];
  private readonly pendingScopes = new Set<Promise<unknown>>();
  private lost: DeviceLostError | undefined;
  private readonly lostSignal: Promise<never>;
  private disposing = false;
  private beforeSubmit: (() => void) | undefined;
  /** Buffers created for the project's own kernels (tfjs manages its own). */
  readonly buffers: BufferRegistry;

  private readonly onUncapturedError = (event: Event): void => {
    const error = (event as GPUUncapturedErrorEvent).error;
    this.recordError(new GpuUncapturedError(`uncaptured GPU error: ${error.message}`));
  };

  private constructor(
    readonly provider: DeviceSource,
    readonly device: GPUDevice,
    /** The adapter's info as the device reports it (tfjs's backend wants it). */
    readonly adapterInfo: GPUAdapterInfo | undefined,
    /** False for a device the app handed over: dispose() then leaves it alive. */
    readonly ownsDevice: boolean,
  ) {
    this.buffers = new BufferRegistry(device, () => this.flushPending());
    this.lostSignal = device.lost.then((info) => {
      const reason = this.disposing ? 'released' : info.reason || 'unknown';
      this.lost = new DeviceLostError(reason, info.message);
      throw this.lost;
    });
    // Keep the rejection observed; callers see it through guard() and throwIfFailed().
    this.lostSignal.catch(() => undefined);
    device.addEventListener('uncapturederror', this.onUncapturedError);
  }

  /** Snapshot of the adapter's identity (vendor, architecture, whether it is software). */
  get adapterSummary(): AdapterSummary {
    return summarizeAdapterInfo(this.adapterInfo);
  }

  /**
   * Works on a device the app already has. dispose() releases what we made on it (buffers,
   * listeners) and leaves the device, and everything else of the app's, as it was.
   */
  static adopt(device: GPUDevice, source: Omit<DeviceSource, 'release'>, adapterInfo?: GPUAdapterInfo): GpuContext {
    const info = adapterInfo ?? (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
    return new GpuContext({ ...source, release: () => undefined }, device, info, false);
  }

  static async acquire(provider: GpuProvider, options: AcquireOptions = {}): Promise<GpuContext> {
    const adapter = await provider.gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
    if (!adapter) {
      provider.release();
      throw new WebGpuUnavailableError(`WebGPU is present but no adapter was found (${provider.route}).`);
    }
    const requiredFeatures = WANTED_FEATURES.filter((f) => adapter.features.has(f));
    const requiredLimits: Record<string, number> = {};
    for (const name of RAISED_LIMITS) {
      const value = (adapter.limits as unknown as Record<string, number | undefined>)[name];
      if (typeof value === 'number') requiredLimits[name] = value;
    }
    const device = await adapter.requestDevice({ label: 'd2ace', requiredFeatures, requiredLimits });
    return new GpuContext(provider, device, adapter.info, true);
  }

  get runtime(): Runtime {
    return this.provider.runtime;
  }
  get features(): string[] {
    return featuresToList(this.device.features);
  }
  get limits(): Record<string, number> {
    return limitsToObject(this.device.limits);
  }
  get isLost(): boolean {
    return this.lost !== undefined;
  }

  /**
   * Runs `hook` before each of our submissions. The tfjs binding uses it to submit the work
   * tfjs has recorded but not yet submitted, so our kernels see tfjs's results in order.
   */
  setBeforeSubmit(hook: (() => void) | undefined): void {
    this.beforeSubmit = hook;
  }

  /** Submits work recorded elsewhere (tfjs) but not yet submitted. */
  flushPending(): void {
    this.beforeSubmit?.();
  }

  /**
   * Submits our command buffers after any work queued before them (see setBeforeSubmit).
   * Throws only when the device is lost; callers check recorded errors themselves.
   */
  submit(commandBuffers: GPUCommandBuffer[]): void {
    if (this.lost) throw this.lost;
    this.flushPending();
    this.device.queue.submit(commandBuffers);
  }

  /** Settles like `work`, unless the device is lost first: then rejects with DeviceLostError. */
  guard<T>(work: Promise<T>): Promise<T> {
    if (this.lost) return Promise.reject(this.lost);
    return Promise.race([work, this.lostSignal]);
  }

  /** Keeps an error to throw at the next check (errors from async scopes land here). */
  recordError(error: Error): void {
    this.errors.push(error);
  }

  /** Follows an error-scope promise so that sync() waits for it. */
  trackScope(scope: Promise<unknown>): void {
    this.pendingScopes.add(scope);
    void scope.finally(() => this.pendingScopes.delete(scope));
  }

  /** Throws the first recorded GPU error, or the loss of the device. Never blocks. */
  throwIfFailed(): void {
    if (this.errors.length > 0) {
      const [first] = this.errors.splice(0, this.errors.length);
      throw first;
    }
    if (this.lost) throw this.lost;
  }

  /** Submits pending work (ours and tfjs's), waits for it and for error scopes, then throws any GPU error. */
  async sync(): Promise<void> {
    this.throwIfFailed();
    this.flushPending();
    await this.guard(this.device.queue.onSubmittedWorkDone());
    await this.guard(Promise.allSettled([...this.pendingScopes]));
    this.throwIfFailed();
  }

  /** Destroys our buffers, and the device when it is ours; lets the runtime exit. */
  dispose(): void {
    if (this.disposing) return;
    this.disposing = true;
    this.buffers.destroyAll();
    this.device.removeEventListener('uncapturederror', this.onUncapturedError);
    if (this.ownsDevice) this.device.destroy();
    this.provider.release();
  }
}

export function missingWebGpuError(runtime: Runtime, hint: string): WebGpuUnavailableError {
  return new WebGpuUnavailableError(`WebGPU is not available in ${runtime}: ${hint}`);
}
