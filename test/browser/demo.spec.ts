import { expect, test } from '@playwright/test';

test('the demo page brings up WebGPU and shows a passing kernel self-check', async ({ page }) => {
  await page.goto('/demo/');
  await expect(page.locator('#status')).toHaveText('WebGPU is ready.', { timeout: 120_000 });
  await expect(page.locator('#report')).toContainText("backend 'webgpu', on the shared device");
  await expect(page.locator('#report td.ok')).toContainText('column_stats');
});
