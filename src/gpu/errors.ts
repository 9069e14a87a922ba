/** Errors raised by the GPU layer. Each names what failed so a user can act on it. */

/** WebGPU (or a usable adapter) is not available in this runtime. */
export class WebGpuUnavailableError extends Error {
  override readonly name = 'WebGpuUnavailableError';
}

/** A WGSL kernel failed to compile, to validate, or ran the device out of memory. */
export class GpuKernelError extends Error {
  override readonly name = 'GpuKernelError';
  constructor(
    readonly kernel: string,
    readonly phase: 'compile' | 'dispatch',
    readonly kind: 'validation' | 'out-of-memory' | 'internal',
    detail: string,
  ) {
    super(`kernel '${kernel}' failed (${phase}, ${kind}): ${detail}`);
  }
}

/** A GPU error that no kernel scope caught (for example from tfjs's own work). */
export class GpuUncapturedError extends Error {
  override readonly name = 'GpuUncapturedError';
}

/** The device was lost: every pending and later GPU call ends with this error. */
export class DeviceLostError extends Error {
  override readonly name = 'DeviceLostError';
  constructor(
    readonly reason: string,
    readonly detail: string,
    /** Where the run was when it happened ("in epoch 3 of 100"), when a trainer knows. */
    readonly during?: string,
  ) {
    super(`GPU device lost (${reason})${during ? ` ${during}` : ''}${detail ? `: ${detail}` : ''}`);
  }
}
