/** One GPU runtime per test file (Vitest runs each file in its own process). */
import { afterAll, beforeAll } from 'vitest';
import { createGpuRuntime, type GpuRuntime } from '../../src/gpu/runtime';

export function useGpuRuntime(): () => GpuRuntime {
  let rt: GpuRuntime | undefined;
  beforeAll(async () => {
    rt = await createGpuRuntime();
  });
  afterAll(() => rt?.dispose());
  return () => {
    if (!rt) throw new Error('GPU runtime not ready');
    return rt;
  };
}
