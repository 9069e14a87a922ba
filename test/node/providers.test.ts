import { describe, expect, it } from 'vitest';
import { GpuContext, type GpuProvider } from '../../src/gpu/context';
import { WebGpuUnavailableError } from '../../src/gpu/errors';
import { defaultGpuProvider as browserProvider } from '../../src/gpu/provider-browser';
import { SWIFTSHADER_ICDS, vulkanCandidates } from '../../src/gpu/provider-node';
import { existsSync } from 'node:fs';

describe('providers', () => {
  it('the browser provider says which flag is needed when navigator.gpu is missing', async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
    try {
      await expect(browserProvider()).rejects.toThrow(
        'WebGPU is not available in browser: navigator.gpu is missing. Use Chrome or Chromium 113+; on Linux, and in headless Chromium, start it with --enable-unsafe-webgpu.',
      );
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  });

  it('an adapter-less provider gives WebGpuUnavailableError naming the route', async () => {
    let released = false;
    const provider: GpuProvider = {
      runtime: 'node',
      route: 'a test route',
      gpu: { requestAdapter: async () => null } as unknown as GPU,
      release: () => (released = true),
    };
    const error = await GpuContext.acquire(provider).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebGpuUnavailableError);
    expect((error as Error).message).toBe('WebGPU is present but no adapter was found (a test route).');
    expect(released).toBe(true);
  });

  it('chooses Vulkan drivers: explicit first, then an existing VK_ICD_FILENAMES, then SwiftShader', () => {
    expect(vulkanCandidates({ vulkanIcd: '/x/icd.json' }, {})).toEqual(['/x/icd.json']);
    expect(vulkanCandidates({}, { D2ACE_VK_ICD: 'system' })).toEqual(['system']);
    expect(vulkanCandidates({}, { VK_ICD_FILENAMES: '/y.json' })).toEqual(['system']);
    const auto = vulkanCandidates({}, {});
    expect(auto).toContain('system');
    for (const path of SWIFTSHADER_ICDS.filter(existsSync)) expect(auto).toContain(path);
  });
});
