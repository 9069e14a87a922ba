/**
 * D2ACE selection costs, GPU against the TypeScript twin measured in the same run, and the
 * selection overhead as a share of a training epoch. Prints JSON.
 *   node --import ./src/node/register.mjs bench/selection.ts [--browser]
 *        [--shapes yeast,corel5k,delicious,mediamill] [--batch 128] [--steps 20] [--knn-rows 2000]
 *        [--overhead-models mlp,clif] [--overhead-hidden 64] [--no-overhead]
 */
import { parseArgs } from 'node:util';
import { benchmarkOverhead, benchmarkSelection, DEFAULT_SELECTION_BENCH, type SelectionBenchOptions, type SelectionShape } from '../src/bench/selection';
import { doctorReport } from '../src/gpu/doctor';
import { createGpuRuntime } from '../src/gpu/runtime';
import type { BackboneKind } from '../src/models';
import type { BrowserJobs } from '../src/browser/runner';

const { values } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    shapes: { type: 'string' },
    batch: { type: 'string' },
    steps: { type: 'string' },
    'knn-rows': { type: 'string' },
    'overhead-models': { type: 'string' },
    'overhead-hidden': { type: 'string' },
    'no-overhead': { type: 'boolean', default: false },
  },
});

const options: SelectionBenchOptions = {
  ...DEFAULT_SELECTION_BENCH,
  ...(values.shapes ? { shapes: values.shapes.split(',') as SelectionShape[] } : {}),
  ...(values.batch ? { batch: Number(values.batch) } : {}),
  ...(values.steps ? { observeSteps: Number(values.steps) } : {}),
  ...(values['knn-rows'] ? { knnRows: Number(values['knn-rows']) } : {}),
  ...(values['overhead-models'] ? { overheadModels: values['overhead-models'].split(',') as BackboneKind[] } : {}),
  ...(values['overhead-hidden'] ? { overheadHidden: Number(values['overhead-hidden']) } : {}),
  ...(values['no-overhead'] ? { overheadModels: [] } : {}),
};

async function inNode() {
  const rt = await createGpuRuntime();
  try {
    return { environment: await doctorReport(rt), rows: await benchmarkSelection(rt, options), overhead: await benchmarkOverhead(rt, options) };
  } finally {
    rt.dispose();
  }
}

async function inBrowser() {
  const { openBrowserSession } = await import('../src/node/browser-session');
  const session = await openBrowserSession();
  try {
    return await session.page.evaluate((o) => (globalThis as unknown as { d2ace: BrowserJobs }).d2ace.benchSelection(o), options);
  } finally {
    await session.close();
  }
}

const { environment, rows, overhead } = values.browser ? await inBrowser() : await inNode();
console.log(JSON.stringify({ benchmark: 'D2ACE selection', runtime: environment.runtime, adapter: environment.adapter, options, rows, overhead }, null, 2));
