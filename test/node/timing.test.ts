import { describe, expect, it } from 'vitest';
import { timerScenario } from '../shared/gpu-scenarios';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();

describe('GpuTimer', () => {
  it('times every kernel dispatch and tfjs span without blocking', async () => {
    const rt = runtime();
    const r = await timerScenario(rt);
    expect(r.mode).toBe(rt.ctx.device.features.has('timestamp-query') ? 'timestamp' : 'wall');
    expect(r.kernelCount).toBe(5);
    expect(r.spanCount).toBe(1);
    // Timestamp results come back once per submitted batch, and are counted as such.
    expect(r.timingReadbacks).toBe(r.mode === 'timestamp' ? 5 : 0);
  });
});
