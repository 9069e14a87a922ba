/**
 * A kernel's typed description: its WGSL, its bindings in order, its uniform parameters and
 * its dispatch shape. One `defineKernel` per `.wgsl` file, next to nothing else.
 */

export type BindingKind = 'uniform' | 'storage' | 'read-only-storage';
export type ParamType = 'u32' | 'i32' | 'f32';

export type ParamValues<P extends Record<string, ParamType>> = { [K in keyof P]: number };

export type WorkgroupCount = readonly [number, number?, number?];

export interface KernelSpec<
  B extends Record<string, BindingKind> = Record<string, BindingKind>,
  P extends Record<string, ParamType> = Record<string, ParamType>,
> {
  /** Used in labels and in every error about this kernel. */
  name: string;
  /** The kernel's own WGSL file, imported from `shaders/<group>/<kernel>.wgsl?raw`. */
  source: string;
  /**
   * WGSL libraries from `shaders/lib/` (functions, no bindings), prepended in this order.
   * Compile errors still report lines of `source` itself.
   */
  libraries?: readonly string[];
  entryPoint?: string;
  /**
   * Storage and uniform buffers at @group(0), in binding order 0, 1, 2, ... The runner
   * fills the binding named `params` (a uniform) from `params` below.
   */
  bindings: B;
  /** Uniform parameters, packed in this order as 4-byte scalars into the `params` binding. */
  params: P;
  /** Default values for WGSL `override` constants (the workgroup size, typically). */
  constants?: Record<string, number>;
  /** Workgroups to dispatch for given parameters and constants. */
  workgroups(params: ParamValues<P>, constants: Record<string, number>, limits: GPUSupportedLimits): WorkgroupCount;
}

export function defineKernel<B extends Record<string, BindingKind>, P extends Record<string, ParamType>>(
  spec: KernelSpec<B, P>,
): KernelSpec<B, P> {
  const names = Object.keys(spec.bindings);
  const hasParams = Object.keys(spec.params).length > 0;
  if (hasParams && spec.bindings['params'] !== 'uniform') {
    throw new Error(`kernel '${spec.name}': parameters need a binding named 'params' of kind 'uniform'`);
  }
  if (names.length === 0) throw new Error(`kernel '${spec.name}' declares no bindings`);
  return spec;
}

/** The WGSL that is compiled: the libraries, then the kernel's own file. */
export function composedSource(spec: Pick<KernelSpec, 'source' | 'libraries'>): { code: string; libraryLines: number } {
  const libraries = spec.libraries ?? [];
  if (libraries.length === 0) return { code: spec.source, libraryLines: 0 };
  const prefix = libraries.map((l) => (l.endsWith('\n') ? l : `${l}\n`)).join('');
  return { code: prefix + spec.source, libraryLines: prefix.split('\n').length - 1 };
}

/** A short stable hash (FNV-1a, 32 bit) of a text: part of the pipeline cache key. */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Bytes needed for the packed parameters (at least 16: the minimum uniform binding size we use). */
export function paramsByteSize(params: Record<string, ParamType>): number {
  return Math.max(16, Math.ceil((Object.keys(params).length * 4) / 16) * 16);
}

/** Packs parameter values in declaration order; rejects missing or non-finite values. */
export function packParams<P extends Record<string, ParamType>>(
  kernel: string,
  types: P,
  values: ParamValues<P>,
  target: DataView,
): void {
  let offset = 0;
  for (const [name, type] of Object.entries(types)) {
    const value = values[name as keyof P];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`kernel '${kernel}': parameter '${name}' must be a finite number, got ${String(value)}`);
    }
    if (type === 'u32') {
      if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
        throw new Error(`kernel '${kernel}': parameter '${name}' must be a u32, got ${value}`);
      }
      target.setUint32(offset, value, true);
    } else if (type === 'i32') {
      if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
        throw new Error(`kernel '${kernel}': parameter '${name}' must be an i32, got ${value}`);
      }
      target.setInt32(offset, value, true);
    } else {
      target.setFloat32(offset, value, true);
    }
    offset += 4;
  }
}

/**
 * Workgroups for `total` independent items, folded into two dimensions when one would exceed
 * the device limit. Shaders recover the flat index as `gid.x + gid.y * num_workgroups.x * WG`.
 */
export function linearWorkgroups(total: number, workgroupSize: number, limits: GPUSupportedLimits): WorkgroupCount {
  const groups = Math.max(1, Math.ceil(total / workgroupSize));
  const maxPerDim = limits.maxComputeWorkgroupsPerDimension;
  if (groups <= maxPerDim) return [groups, 1, 1];
  const y = Math.ceil(groups / maxPerDim);
  return [Math.ceil(groups / y), y, 1];
}
