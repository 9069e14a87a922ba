import { describe, expect, it } from 'vitest';
import { GpuUncapturedError } from '../../src/gpu/errors';
import { kernelErrors } from '../shared/gpu-scenarios';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();

describe('kernel errors carry the kernel name', () => {
  it('reports compile, layout and dispatch errors by kernel', async () => {
    const r = await kernelErrors(runtime());
    expect(r['syntax']).toMatchObject({ name: 'GpuKernelError', kernel: 'broken_syntax', phase: 'compile' });
    expect(r['syntax']!.message).toMatch(/^kernel 'broken_syntax' failed \(compile, validation\): line \d+:\d+: expected ';'/);
    expect(r['layout']).toMatchObject({ name: 'GpuKernelError', kernel: 'mismatched_layout', phase: 'compile' });
    expect(r['destroyedBuffer']).toMatchObject({ name: 'GpuKernelError', kernel: 'column_stats', phase: 'dispatch' });
    expect(r['destroyedBuffer']!.message).toMatch(/destroyed/i);
    expect(r['tooManyWorkgroups']).toMatchObject({ kernel: 'column_stats', phase: 'dispatch' });
    expect(r['tooManyWorkgroups']!.message).toMatch(/workgroup count \[65536, 1, 1\]/);
    expect(r['badParam']!.message).toBe("kernel 'column_stats': parameter 'rows' must be a u32, got -1");
    expect(r['afterwards']).toBeNull();
  });

  it('turns an error outside any kernel scope into an uncaptured error at the next check', async () => {
    const { ctx } = runtime();
    // MAP_READ may only be combined with COPY_DST: a validation error nobody scoped.
    ctx.device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE });
    await expect(ctx.sync()).rejects.toBeInstanceOf(GpuUncapturedError);
    await expect(ctx.sync()).resolves.toBeUndefined();
  });

  it('refuses a kernel that was never loaded', () => {
    const rt = runtime();
    const spec = { name: 'never_loaded', source: '', bindings: { out: 'storage' as const }, params: {}, workgroups: () => [1] as const };
    const out = rt.ctx.buffers.createStorage('x', 16);
    expect(() => rt.kernels.dispatch(spec, { buffers: { out }, params: {} })).toThrow(
      "kernel 'never_loaded' is used before it was loaded: await runner.load(kernel) first",
    );
    rt.ctx.buffers.destroy(out);
  });
});
