import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { METHOD_NAMES } from '../../src/selection/registry';

// Screenshots are for a person to look at, not part of the repo.

/** A small multi-label ARFF (MULAN style, labels last) with labels that depend on the features. */
function syntheticArff(rows: number): { lines: string[]; dataStart: number } {
  let state = 12345;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const lines = ['@relation demo-synthetic', ''];
  for (let f = 1; f <= 6; f++) lines.push(`@attribute f${f} numeric`);
  for (let l = 1; l <= 3; l++) lines.push(`@attribute l${l} {0,1}`);
  lines.push('', '@data');
  const dataStart = lines.length + 1; // 1-based line of the first row
  for (let i = 0; i < rows; i++) {
    const x = Array.from({ length: 6 }, () => random());
    const y = [x[0]! + 0.3 * random() > 0.6, x[1]! + x[2]! > 1, x[3]! < 0.5 || x[0]! < 0.2].map(Number);
    lines.push([...x.map((v) => v.toFixed(4)), ...y].join(','));
  }
  return { lines, dataStart };
}

const LABELS_XML = '<?xml version="1.0" encoding="utf-8"?>\n<labels xmlns="http://mulan.sourceforge.net/labels">\n<label name="l1"></label>\n<label name="l2"></label>\n<label name="l3"></label>\n</labels>\n';
const file = (name: string, text: string) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });

async function ready(page: Page, errors: string[]): Promise<void> {
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/demo/');
  await expect(page.locator('#status')).toHaveText('WebGPU is ready.', { timeout: 120_000 });
  await expect(page.locator('#report')).toContainText("backend 'webgpu', on the shared device");
  await expect(page.locator('#report td.ok')).toContainText('column_stats');
}

test('the demo: an upload error with its line, a two-method run on an upload with live charts, the CSV, and Stop', async ({ page }) => {
  test.setTimeout(400_000);
  const errors: string[] = [];
  await ready(page, errors);
  await expect(page.locator('#data-summary')).toContainText('yeast (bundled), official train/test split');
  // The method choices come from the registry.
  expect(await page.locator('#methods input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([...METHOD_NAMES]);

  // (a) A broken row: the loader's DataFormatError (file:line: problem) is shown on the page.
  const { lines, dataStart } = syntheticArff(120);
  const broken = [...lines];
  const badLine = dataStart + 2;
  broken[badLine - 1] = broken[badLine - 1]!.split(',').slice(0, 8).join(',');
  await page.setInputFiles('#xml-file', file('demo.xml', LABELS_XML));
  await page.setInputFiles('#arff-file', file('broken.arff', broken.join('\n')));
  await expect(page.locator('#data-error')).toHaveText(`broken.arff:${badLine}: expected 9 comma-separated values, found 8`);
  await expect(page.locator('input[name=source][value=upload]')).toBeChecked();
  await page.locator('#data-section').screenshot({ path: test.info().outputPath('upload-error.png') });

  // (b) A valid upload gets a stratified split of our own, said on the page; then uniform + D2ACE.
  await page.setInputFiles('#arff-file', file('synthetic.arff', lines.join('\n')));
  await expect(page.locator('#data-error')).toBeHidden();
  await expect(page.locator('#data-summary')).toContainText('synthetic (uploaded, labels from demo.xml), no official split: 5-fold iterative stratification (seed 55), fold 1 as the test set');
  const ticked = await page.locator('#methods input:checked').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(ticked).toEqual(['uniform', 'd2ace']);
  await page.selectOption('select[name=model]', 'mlp');
  await page.fill('input[name=epochs]', '2');
  await page.fill('input[name=hidden]', '16');
  await page.fill('input[name=batch]', '32');
  await page.click('#train-button');
  await expect(page.locator('#train-status')).toContainText('Done: mlp on synthetic, 2 epochs, 2 method(s)', { timeout: 240_000 });
  const rows = page.locator('#results tbody tr');
  await expect(rows).toHaveCount(2);
  const headers = await page.locator('#results thead th').allTextContents();
  const cell = (method: string, header: string) => rows.filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${method}$`) }) }).locator('td').nth(headers.indexOf(header));
  await expect(cell('d2ace', 'readbacks / step')).toHaveText('0');
  await expect(cell('d2ace', 'status')).toHaveText('complete');
  await expect(cell('uniform', 'test macro-AUC')).toHaveText(/^0\.\d{4}$/);
  // Every method has a point per epoch; only D2ACE's internals fill the selector charts.
  await expect(page.locator('#chart-auc')).toHaveAttribute('data-points', '4');
  await expect(page.locator('#chart-loss')).toHaveAttribute('data-points', '4');
  for (const id of ['#chart-internal-probability-spread', '#chart-internal-mean-label-weights', '#chart-per-label']) {
    await expect(page.locator(id)).toHaveAttribute('data-points', /^[1-9]\d*$/);
  }
  await page.screenshot({ path: test.info().outputPath('two-method-run.png'), fullPage: true });

  // (c) The CSV download: a header row and one row per method.
  await expect(page.locator('#download-csv')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
  expect(download.suggestedFilename()).toBe('synthetic-results.csv');
  const csv = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
  expect(csv[0]).toBe('dataset,method,model,status,epochs,best epoch,test macro-AUC,test micro-F1,test ranking loss,test hamming loss,readbacks / step,time (s)');
  expect(csv).toHaveLength(3);
  expect(csv.slice(1).map((line) => line.split(',').slice(0, 5).join(','))).toEqual(['synthetic,uniform,mlp,complete,2', 'synthetic,d2ace,mlp,complete,2']);

  // Stop ends a long run early and leaves the page usable.
  await page.fill('input[name=epochs]', '500');
  await page.click('#train-button');
  await expect(page.locator('#train-status')).toContainText(/uniform \(1\/2\): epoch \d+\/500/, { timeout: 120_000 });
  await page.click('#stop-button');
  await expect(page.locator('#train-status')).toContainText('Stopped: uniform after', { timeout: 60_000 });
  await expect(page.locator('#train-status')).toContainText('1 method(s) not run');
  await expect(rows).toHaveCount(1);
  await expect(cell('uniform', 'status')).toHaveText('interrupted');
  await expect(page.locator('#train-button')).toBeEnabled();
  await expect(page.locator('#stop-button')).toBeDisabled();
  await expect(page.locator('#arff-file')).toBeEnabled();
  expect(errors).toEqual([]);
});
