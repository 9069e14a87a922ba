/**
 * ms per training step of each backbone on the yeast and corel5k shapes (batch 128), on the
 * current adapter, with GFLOP per step. Prints JSON.
 *   node --import ./src/node/register.mjs bench/backbones.ts [--browser] [--hidden 768]
 *        [--steps 5] [--warmup 2] [--models mlp,clif] [--shapes yeast,corel5k] [--batch 128]
 */
import { parseArgs } from 'node:util';
import { benchmarkBackbones, DEFAULT_BACKBONE_BENCH, type BackboneBenchOptions, type BenchShape } from '../src/bench/backbones';
import { doctorReport } from '../src/gpu/doctor';
import { createGpuRuntime } from '../src/gpu/runtime';
import type { BackboneKind } from '../src/models';
import type { BrowserJobs } from '../src/browser/runner';

const { values } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    hidden: { type: 'string' },
    steps: { type: 'string' },
    warmup: { type: 'string' },
    batch: { type: 'string' },
    models: { type: 'string' },
    shapes: { type: 'string' },
  },
});

const options: BackboneBenchOptions = {
  ...DEFAULT_BACKBONE_BENCH,
  ...(values.hidden ? { hidden: Number(values.hidden) } : {}),
  ...(values.steps ? { steps: Number(values.steps) } : {}),
  ...(values.warmup ? { warmupSteps: Number(values.warmup) } : {}),
  ...(values.batch ? { batch: Number(values.batch) } : {}),
  ...(values.models ? { models: values.models.split(',') as BackboneKind[] } : {}),
  ...(values.shapes ? { shapes: values.shapes.split(',') as BenchShape[] } : {}),
};

async function inNode() {
  const rt = await createGpuRuntime();
  try {
    return { environment: await doctorReport(rt), rows: await benchmarkBackbones(rt, options) };
  } finally {
    rt.dispose();
  }
}

async function inBrowser() {
  const { openBrowserSession } = await import('../src/node/browser-session');
  const session = await openBrowserSession();
  try {
    return await session.page.evaluate((o) => (globalThis as unknown as { d2ace: BrowserJobs }).d2ace.benchBackbones(o), options);
  } finally {
    await session.close();
  }
}

const { environment, rows } = values.browser ? await inBrowser() : await inNode();
console.log(
  JSON.stringify(
    {
      benchmark: 'backbone training step',
      runtime: environment.runtime,
      adapter: environment.adapter,
      options,
      rows,
    },
    null,
    2,
  ),
);
