/** d2ace-webgpu: the package entry (runs in browsers and in Node). */
export { createGpuRuntime, type GpuRuntime, type RuntimeOptions } from './gpu/runtime';
export { GpuContext, type GpuProvider, type ProviderOptions, type Runtime } from './gpu/context';
export { KernelRunner, KernelBatch, type DispatchArgs } from './gpu/runner';
export { defineKernel, linearWorkgroups, type KernelSpec, type BindingKind, type ParamType } from './gpu/kernel';
export { BufferRegistry, readBuffer } from './gpu/buffers';
export { borrowTensorBuffer, tensorFromBuffer } from './gpu/interop';
export { flushTfjs } from './gpu/tfjs-binding';
export { ReadbackCounter, type ReadbackCounts, type ReadbackSource } from './gpu/readbacks';
export { GpuTimer, type TimingStats } from './gpu/timing';
export { DeviceLostError, GpuKernelError, GpuUncapturedError, WebGpuUnavailableError } from './gpu/errors';
export { doctorReport, formatDoctorReport, type DoctorReport } from './gpu/doctor';
export { columnStatsKernel, columnStatsReference } from './kernels/column-stats';
