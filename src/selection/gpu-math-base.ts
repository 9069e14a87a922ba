/**
 * What every method's GPU math shares, written once: the runtime, the resolved config and the
 * warning sink; the run's shape (N, L, B) once initialised; the method's labelled storage
 * buffers, with one guard against use before initialize() and one against a second
 * initialize(); the optional shared epoch draw; and disposal of all of them. A method's
 * gpu-math.ts then holds only its own state and dispatches. TwinMathBase does the same, smaller,
 * for the TypeScript twins of cpu-math.ts.
 */
import type { GpuRuntime } from '../gpu/runtime';
import type { GpuEpochDraw } from './sampling/gpu-draw';
import type { SelectorInit } from './selector';

/** A method's buffers: GPUBuffers by name, possibly grouped (D2ACE's step buffers inside UBS's). */
export type OwnedBuffers = { [name: string]: GPUBuffer | OwnedBuffers | undefined };

function isGpuBuffer(value: GPUBuffer | OwnedBuffers): value is GPUBuffer {
  return typeof (value as GPUBuffer).destroy === 'function' && typeof (value as GPUBuffer).size === 'number';
}

export abstract class GpuMathBase<C, B extends OwnedBuffers> {
  readonly kind = 'gpu' as const;
  protected init!: SelectorInit;
  /** The shared pi + batches draw, for methods that draw (GpuEpochDraw); disposed with the rest. */
  protected draw: GpuEpochDraw | undefined;
  protected readonly warn: (message: string) => void;
  private owned: B | undefined;

  constructor(
    protected readonly rt: GpuRuntime,
    readonly config: C,
    /** The method's name: buffer labels and error messages start with it. */
    protected readonly method: string,
    warn?: (message: string) => void,
  ) {
    this.warn = warn ?? ((message) => console.warn(message));
  }

  protected get N(): number {
    return this.init.data.numInstances;
  }
  protected get L(): number {
    return this.init.data.numLabels;
  }
  protected get B(): number {
    return this.init.batchSize;
  }
  /** Batches per epoch. */
  protected get batches(): number {
    return Math.ceil(this.N / this.B);
  }

  /** The first step of initialize(): refuses a second call, then records the run's shape. */
  protected begin(init: SelectorInit): void {
    if (this.owned) throw new Error(`${this.method} selector: initialize() was already called`);
    this.init = init;
  }

  /** A zero-filled storage buffer labelled `<method>-<label>`; owned once passed to own(). */
  protected storage(label: string, bytes: number): GPUBuffer {
    return this.rt.ctx.buffers.createStorage(`${this.method}-${label}`, bytes);
  }

  /** Takes ownership of the method's buffers: dispose() destroys them. */
  protected own(buffers: B): B {
    this.owned = buffers;
    return buffers;
  }

  /** The buffers, or the error of a call before initialize(). */
  protected get live(): B {
    if (!this.owned) throw new Error(`${this.method} selector: initialize() first`);
    return this.owned;
  }

  /** The buffers if initialised (for reads that report nothing before that). */
  protected get ownedBuffers(): B | undefined {
    return this.owned;
  }

  /** Resources of a method's own beyond its buffers and draw (tensors, say). */
  protected disposeExtra(): void {}

  dispose(): void {
    const destroy = (group: OwnedBuffers): void => {
      for (const value of Object.values(group)) {
        if (value === undefined) continue;
        if (isGpuBuffer(value)) this.rt.ctx.buffers.destroy(value);
        else destroy(value);
      }
    };
    if (this.owned) destroy(this.owned);
    this.draw?.dispose();
    this.owned = undefined;
    this.draw = undefined;
    this.disposeExtra();
  }
}

/** What every method's twin math shares: its config, warning sink and the run's shape. */
export abstract class TwinMathBase<C> {
  readonly kind = 'twin' as const;
  protected init!: SelectorInit;
  protected readonly warn: (message: string) => void;

  constructor(
    readonly config: C,
    warn?: (message: string) => void,
  ) {
    this.warn = warn ?? ((message) => console.warn(message));
  }
}
