/**
 * The demo in a Chromium started with WebGPU disabled: it says it runs on the CPU runtime and
 * trains every method there (tfjs wasm, the twins). The screenshot is for a person to look at.
 */
import { expect, test } from '@playwright/test';
import { findChromium } from '../../src/node/chromium';
import { METHOD_NAMES } from '../../src/selection/registry';

test.use({ launchOptions: { executablePath: findChromium(), args: ['--disable-features=WebGPU', '--disable-gpu', '--no-first-run', '--disable-quic'] } });

test('without WebGPU the demo trains every method on the CPU runtime and says so', async ({ page }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/demo/');
  expect(await page.evaluate(async () => !navigator.gpu || !(await navigator.gpu.requestAdapter()))).toBe(true);
  await expect(page.locator('#status')).toContainText('No WebGPU here: training runs on the CPU, on tfjs wasm (SIMD, ', { timeout: 120_000 });
  await expect(page.locator('#status')).toContainText('Why: WebGPU is not available here (navigator.gpu gave no adapter).');
  await expect(page.locator('#data-summary')).toContainText('yeast (bundled), official train/test split', { timeout: 60_000 });
  await page.selectOption('select[name=model]', 'mlp');
  for (const method of METHOD_NAMES) await page.locator(`#methods input[value="${method}"]`).check();
  await page.fill('input[name=epochs]', '3');
  await page.fill('input[name=hidden]', '16');
  await page.click('#train-button');
  await expect(page.locator('#train-status')).toContainText(`Done: mlp on yeast, 3 epochs, ${METHOD_NAMES.length} method(s)`, { timeout: 240_000 });
  const rows = page.locator('#results tbody tr');
  await expect(rows).toHaveCount(METHOD_NAMES.length);
  const headers = await page.locator('#results thead th').allTextContents();
  for (const method of METHOD_NAMES) {
    const cells = rows.filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${method}$`) }) }).locator('td');
    await expect(cells.nth(headers.indexOf('status'))).toHaveText('complete');
    await expect(cells.nth(headers.indexOf('readbacks / step'))).toHaveText('n/a (CPU)');
  }
  await page.screenshot({ path: test.info().outputPath('demo-cpu.png'), fullPage: true });
  expect(errors).toEqual([]);
});
