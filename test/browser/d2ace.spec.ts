import { expect, test } from '@playwright/test';
import type { Harness } from './harness';

test('D2ACE kernels agree with the TypeScript twin in Chromium, with no readback per step', async ({ page }) => {
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => (globalThis as { d2aceReady?: boolean }).d2aceReady === true);
  const r = await page.evaluate(
    (setup) => (globalThis as unknown as { harness: Harness }).harness.d2aceParity(setup),
    { N: 300, L: 7, d: 5, B: 32, steps: 30, seed: 1 },
  );
  expect(r.maxError['uncertainty']).toBeLessThan(5e-5);
  expect(r.maxError['flips']).toBeLessThan(5e-5);
  expect(r.maxError['loss']).toBe(0);
  expect(r.contextMismatch).toBe(0);
  for (const key of ['weightsE', 'weightsH', 'scoresE', 'scoresH', 'correlationE', 'correlationH']) {
    expect(r.maxError[key], key).toBeLessThan(5e-6);
  }
  expect(r.piMismatch).toBeLessThan(0.01);
  expect(r.batchesValid).toBe(true);
  expect(r.batchesEqual).toBe(r.batchesCompared);
  expect(r.readbacksDuringSteps).toBe(0);
  expect(r.dispatchesPerObserve).toBe(1);
});
