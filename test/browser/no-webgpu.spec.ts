/**
 * The demo in a Chromium started with WebGPU disabled: it says it runs on the CPU runtime and
 * trains every method there (tfjs wasm, the twins). The screenshot is for a person to look at.
 */
import { readFileSync } from 'node:fs';
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

test('hostile file and label names: shown as text on the page, never as HTML; the CSV cell cannot run as a formula', async ({ page }) => {
  test.setTimeout(200_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto('/demo/');
  await expect(page.locator('#status')).toContainText('No WebGPU here', { timeout: 120_000 });
  const name = '=1+2<img src=y onerror=alert(5)>';
  const label = '<b>l1</b>';
  const rows = Array.from({ length: 120 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${(i % 3) / 3},${i % 2},${(i >> 1) % 2}`);
  const arff = ['@relation hostile', '@attribute f1 numeric', '@attribute f2 numeric', '@attribute f3 numeric', `@attribute '${label}' {0,1}`, "@attribute 'l2' {0,1}", '@data', ...rows].join('\n');
  const xml = `<?xml version="1.0"?>\n<labels xmlns="http://mulan.sourceforge.net/labels">\n<label name="&lt;b&gt;l1&lt;/b&gt;"></label>\n<label name="l2"></label>\n</labels>\n`;
  await page.setInputFiles('#xml-file', { name: 'hostile.xml', mimeType: 'text/xml', buffer: Buffer.from(xml) });
  await page.setInputFiles('#arff-file', { name: `${name}.arff`, mimeType: 'text/plain', buffer: Buffer.from(arff) });
  await expect(page.locator('#data-summary')).toContainText(`${name} (uploaded, labels from hostile.xml)`);
  await page.fill('input[name=epochs]', '2');
  await page.fill('input[name=hidden]', '8');
  await page.fill('input[name=batch]', '16');
  await page.click('#train-button');
  await expect(page.locator('#train-status')).toContainText(`Done: mlp on ${name}, 2 epochs, 2 method(s)`, { timeout: 120_000 });
  // Nothing of the names became markup: no image, no bold element from a label.
  expect(await page.evaluate(() => document.querySelectorAll('img[src=y], b').length)).toBe(0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
  const csv = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
  expect(csv[1]!.startsWith(`'${name},`)).toBe(true);
  expect(errors).toEqual([]);
});
