import { expect, test } from '@playwright/test';

test('the demo page brings up WebGPU, then trains D2ACE and uniform on yeast live', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/demo/');
  await expect(page.locator('#status')).toHaveText('WebGPU is ready.', { timeout: 120_000 });
  await expect(page.locator('#report')).toContainText("backend 'webgpu', on the shared device");
  await expect(page.locator('#report td.ok')).toContainText('column_stats');
  await page.fill('input[name=epochs]', '2');
  await page.fill('input[name=hidden]', '16');
  await page.click('#train button');
  await expect(page.locator('#results')).toBeVisible({ timeout: 150_000 });
  const rows = page.locator('#results tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).locator('td').nth(4)).toHaveText('0'); // readbacks per step, D2ACE
  await expect(page.locator('#train-status')).toContainText('Done: mlp on yeast, 2 epochs');
  expect(errors).toEqual([]);
});
