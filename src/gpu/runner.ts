/**
 * KernelRunner: compiles each kernel once per (name, WGSL, constants) key, binds its buffers,
 * writes its parameters and dispatches it on the shared device. Compile errors throw with
 * the kernel's name; validation and out-of-memory errors of a dispatch are caught in error
 * scopes and thrown, with the kernel's name, at the next check (ctx.sync / throwIfFailed).
 */
import type { GpuContext } from './context';
import { GpuKernelError } from './errors';
import { composedSource, packParams, paramsByteSize, textHash, type BindingKind, type KernelSpec, type ParamType, type ParamValues } from './kernel';
import type { GpuTimer } from './timing';

const UNIFORM_SLOT_BYTES = 256; // minUniformBufferOffsetAlignment upper bound in core WebGPU
const UNIFORM_SLOTS = 1024;

interface CompiledKernel {
  spec: KernelSpec;
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
  constants: Record<string, number>;
  paramsSize: number;
}

export interface DispatchArgs<B extends Record<string, BindingKind>, P extends Record<string, ParamType>> {
  buffers: { [K in Exclude<keyof B, 'params'>]: GPUBuffer };
  params: ParamValues<P>;
  /** Extra override constants (a different workgroup size compiles a separate pipeline). */
  constants?: Record<string, number>;
  timer?: GpuTimer;
}

function bufferBindingType(kind: BindingKind): GPUBufferBindingType {
  return kind === 'uniform' ? 'uniform' : kind === 'storage' ? 'storage' : 'read-only-storage';
}

/** A compiler line number as a line of the kernel's own file (or of a prepended library). */
function lineInKernelFile(line: number, libraryLines: number): string {
  return line > libraryLines ? `line ${line - libraryLines}` : `library line ${line}`;
}

export class KernelRunner {
  private readonly cache = new Map<string, Promise<CompiledKernel>>();
  private readonly ready = new Map<string, CompiledKernel>();
  private readonly uniforms: GPUBuffer;
  private nextSlot = 0;
  private slotsInOpenBatch = 0;
  /** Dispatches recorded so far (for "dispatches per step" accounting). */
  dispatchCount = 0;

  constructor(private readonly ctx: GpuContext) {
    this.uniforms = ctx.buffers.create({
      label: 'kernel-params',
      size: UNIFORM_SLOT_BYTES * UNIFORM_SLOTS,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
  }

  /** Compiles (once) and caches a kernel. Throws GpuKernelError naming it if WGSL or layout is wrong. */
  async load(spec: KernelSpec<any, any>, constants?: Record<string, number>): Promise<void> {
    await this.compiled(spec, constants);
  }

  /** Source hashes per spec object, so a dispatch does not rehash the WGSL. */
  private readonly sourceHashes = new WeakMap<KernelSpec, string>();

  /** Two descriptions with one name but different WGSL must not share a pipeline. */
  private key(spec: KernelSpec, constants: Record<string, number>): string {
    let hash = this.sourceHashes.get(spec);
    if (hash === undefined) {
      hash = textHash(composedSource(spec).code);
      this.sourceHashes.set(spec, hash);
    }
    const parts = Object.keys(constants)
      .sort()
      .map((k) => `${k}=${constants[k]}`);
    return `${spec.name}|${hash}|${parts.join(',')}`;
  }

  private compiled(spec: KernelSpec, extra?: Record<string, number>): Promise<CompiledKernel> {
    const constants = { ...spec.constants, ...extra };
    const key = this.key(spec, constants);
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.compile(spec, constants).then((k) => {
        this.ready.set(key, k);
        return k;
      });
      // A failed compile is not cached, so a fixed shader can be loaded again.
      entry.catch(() => this.cache.delete(key));
      this.cache.set(key, entry);
    }
    return entry;
  }

  private async compile(spec: KernelSpec, constants: Record<string, number>): Promise<CompiledKernel> {
    const { device } = this.ctx;
    this.ctx.throwIfFailed();
    const { code, libraryLines } = composedSource(spec);
    device.pushErrorScope('validation');
    const module = device.createShaderModule({ label: spec.name, code });
    // Popped at once: the scope stack is device-wide, and other work may run while we await.
    const scope = device.popErrorScope();
    const info = await this.ctx.guard(module.getCompilationInfo());
    const scopeError = await this.ctx.guard(scope);
    const messages = info.messages.filter((m) => m.type === 'error');
    if (messages.length > 0 || scopeError) {
      const detail = messages.length
        ? messages.map((m) => `${lineInKernelFile(m.lineNum, libraryLines)}:${m.linePos}: ${m.message}`).join('; ')
        : scopeError!.message;
      throw new GpuKernelError(spec.name, 'compile', 'validation', detail);
    }
    const layout = device.createBindGroupLayout({
      label: spec.name,
      entries: Object.values(spec.bindings).map((kind, binding) => ({
        binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: bufferBindingType(kind), hasDynamicOffset: kind === 'uniform' },
      })),
    });
    try {
      const pipeline = await this.ctx.guard(
        device.createComputePipelineAsync({
          label: spec.name,
          layout: device.createPipelineLayout({ label: spec.name, bindGroupLayouts: [layout] }),
          compute: { module, entryPoint: spec.entryPoint ?? 'main', constants },
        }),
      );
      return { spec, pipeline, layout, constants, paramsSize: paramsByteSize(spec.params) };
    } catch (error) {
      if (error instanceof Error && error.name === 'DeviceLostError') throw error;
      throw new GpuKernelError(spec.name, 'compile', 'validation', (error as Error).message);
    }
  }

  /** Starts a batch: several dispatches recorded in one command encoder and submitted together. */
  batch(label = 'kernels'): KernelBatch {
    return new KernelBatch(this, this.ctx, label);
  }

  /** Records and submits one dispatch. The kernel must have been loaded. */
  dispatch<B extends Record<string, BindingKind>, P extends Record<string, ParamType>>(
    spec: KernelSpec<B, P>,
    args: DispatchArgs<B, P>,
  ): void {
    const batch = this.batch(spec.name);
    batch.dispatch(spec, args);
    batch.submit();
  }

  /** @internal Records one dispatch into `encoder`. */
  record<B extends Record<string, BindingKind>, P extends Record<string, ParamType>>(
    encoder: GPUCommandEncoder,
    spec: KernelSpec<B, P>,
    args: DispatchArgs<B, P>,
  ): void {
    const constants = { ...spec.constants, ...args.constants };
    const kernel = this.ready.get(this.key(spec as KernelSpec, constants));
    if (!kernel) {
      throw new Error(`kernel '${spec.name}' is used before it was loaded: await runner.load(kernel) first`);
    }
    const limits = this.ctx.device.limits;
    const [x, y = 1, z = 1] = spec.workgroups(args.params, constants, limits);
    const maxPerDim = limits.maxComputeWorkgroupsPerDimension;
    if (![x, y, z].every((n) => Number.isInteger(n) && n >= 0 && n <= maxPerDim)) {
      throw new GpuKernelError(spec.name, 'dispatch', 'validation', `workgroup count [${x}, ${y}, ${z}] is outside 0..${maxPerDim} per dimension`);
    }
    const staging = new ArrayBuffer(kernel.paramsSize);
    packParams(spec.name, spec.params, args.params, new DataView(staging));

    const entries: GPUBindGroupEntry[] = Object.entries(spec.bindings).map(([name, kind], binding) => {
      if (kind === 'uniform') return { binding, resource: { buffer: this.uniforms, offset: 0, size: kernel.paramsSize } };
      const buffer = (args.buffers as Record<string, GPUBuffer | undefined>)[name];
      if (!buffer) throw new Error(`kernel '${spec.name}': no buffer given for binding '${name}'`);
      return { binding, resource: { buffer } };
    });
    // A kernel without a params uniform takes no slot and no dynamic offset.
    const hasUniform = Object.values(spec.bindings).includes('uniform');
    const slotOffset = hasUniform ? this.takeUniformSlot(spec.name) : 0;
    const { device } = this.ctx;
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    if (hasUniform) device.queue.writeBuffer(this.uniforms, slotOffset, staging);
    const bindGroup = device.createBindGroup({ label: spec.name, layout: kernel.layout, entries });
    const pass = encoder.beginComputePass({ label: spec.name, timestampWrites: args.timer?.passWrites(spec.name) });
    pass.setPipeline(kernel.pipeline);
    pass.setBindGroup(0, bindGroup, hasUniform ? [slotOffset] : []);
    pass.dispatchWorkgroups(x, y, z);
    pass.end();
    this.dispatchCount++;
    this.watchScopes(spec.name);
  }

  /** @internal Pops the two scopes pushed by record() and reports what they caught. */
  watchScopes(kernel: string): void {
    const { device } = this.ctx;
    const validation = device.popErrorScope();
    const outOfMemory = device.popErrorScope();
    const report = (kind: 'validation' | 'out-of-memory') => (error: GPUError | null) => {
      if (error) this.ctx.recordError(new GpuKernelError(kernel, 'dispatch', kind, error.message));
    };
    this.ctx.trackScope(validation.then(report('validation'), () => undefined));
    this.ctx.trackScope(outOfMemory.then(report('out-of-memory'), () => undefined));
  }

  private takeUniformSlot(kernel: string): number {
    if (this.slotsInOpenBatch >= UNIFORM_SLOTS) {
      throw new Error(`kernel '${kernel}': more than ${UNIFORM_SLOTS} dispatches in one batch; submit in smaller batches`);
    }
    this.slotsInOpenBatch += 1;
    const offset = this.nextSlot * UNIFORM_SLOT_BYTES;
    this.nextSlot = (this.nextSlot + 1) % UNIFORM_SLOTS;
    return offset;
  }

  /** @internal Called when a batch is submitted: its uniform slots are now ordered on the queue. */
  batchSubmitted(): void {
    this.slotsInOpenBatch = 0;
  }

  dispose(): void {
    this.ctx.buffers.destroy(this.uniforms);
    this.cache.clear();
    this.ready.clear();
  }
}

/** Dispatches recorded together; nothing runs until submit(). */
export class KernelBatch {
  private readonly encoder: GPUCommandEncoder;
  private readonly timers = new Set<GpuTimer>();
  private submitted = false;

  constructor(
    private readonly runner: KernelRunner,
    private readonly ctx: GpuContext,
    label: string,
  ) {
    this.encoder = ctx.device.createCommandEncoder({ label });
  }

  dispatch<B extends Record<string, BindingKind>, P extends Record<string, ParamType>>(
    spec: KernelSpec<B, P>,
    args: DispatchArgs<B, P>,
  ): this {
    if (this.submitted) throw new Error(`kernel '${spec.name}': batch was already submitted`);
    this.runner.record(this.encoder, spec, args);
    if (args.timer) this.timers.add(args.timer);
    return this;
  }

  /** Also lets callers add copies between dispatches. */
  get commandEncoder(): GPUCommandEncoder {
    return this.encoder;
  }

  submit(): void {
    if (this.submitted) return;
    this.submitted = true;
    this.ctx.throwIfFailed();
    for (const timer of this.timers) timer.resolveInto(this.encoder);
    const { device } = this.ctx;
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    this.ctx.submit([this.encoder.finish()]);
    this.runner.watchScopes(this.encoder.label || 'kernels');
    this.runner.batchSubmitted();
    for (const timer of this.timers) timer.afterSubmit();
  }
}
