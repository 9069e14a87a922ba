import { expect, test, type Page } from '@playwright/test';
import type { Harness } from './harness';

async function openHarness(page: Page): Promise<void> {
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => (globalThis as { d2aceReady?: boolean }).d2aceReady === true);
}

test.describe('GPU foundation in Chromium', () => {
  test('column_stats matches its TypeScript twin on random inputs', async ({ page }) => {
    await openHarness(page);
    const cases = [
      { rows: 1, cols: 1, seed: 1, scale: 1, offset: 0 },
      { rows: 257, cols: 14, seed: 3, scale: 10, offset: 0 },
      { rows: 4500, cols: 37, seed: 5, scale: 0.01, offset: 0.5 },
    ];
    const results = await page.evaluate((c) => (globalThis as unknown as { harness: Harness }).harness.columnStatsParity(c), cases);
    expect(results).toHaveLength(3);
    for (const r of results) expect(r.maxRelError, JSON.stringify(r)).toBeLessThan(2e-5);
  });

  for (const zeroCopy of [false, true]) {
    test(`tfjs -> WGSL -> tfjs round trip, ${zeroCopy ? 'zero copy' : 'GPU copy'}: no readback until the check, flat tensor count`, async ({ page }) => {
      await openHarness(page);
      const r = await page.evaluate((z) => (globalThis as unknown as { harness: Harness }).harness.roundTrip(z), zeroCopy);
      expect(r.readbacksDuringEpochs).toBe(0);
      expect(r.readbacksAtCheck).toBe(1);
      expect(new Set(r.tensorsPerEpoch).size).toBe(1);
      expect(r.tensorsAfter).toBe(r.tensorsBefore);
      expect(r.buffersAfter).toBe(r.buffersBefore);
      expect(r.maxAbsError).toBeLessThan(1e-5);
    });
  }

  test('kernel errors name the kernel', async ({ page }) => {
    await openHarness(page);
    const r = await page.evaluate(() => (globalThis as unknown as { harness: Harness }).harness.kernelErrors());
    expect(r['syntax']).toMatchObject({ name: 'GpuKernelError', kernel: 'broken_syntax', phase: 'compile' });
    expect(r['syntax']!.message).toMatch(/^kernel 'broken_syntax' failed \(compile, validation\): line \d+:\d+: /);
    expect(r['layout']).toMatchObject({ name: 'GpuKernelError', kernel: 'mismatched_layout', phase: 'compile' });
    expect(r['destroyedBuffer']).toMatchObject({ name: 'GpuKernelError', kernel: 'column_stats', phase: 'dispatch' });
    expect(r['tooManyWorkgroups']).toMatchObject({ kernel: 'column_stats', phase: 'dispatch' });
    expect(r['afterwards']).toBeNull();
  });

  test('the timer measures kernels and tfjs spans', async ({ page }) => {
    await openHarness(page);
    const r = await page.evaluate(() => (globalThis as unknown as { harness: Harness }).harness.timer());
    expect(r.kernelCount).toBe(5);
    expect(r.spanCount).toBe(1);
  });
});
