/**
 * ms per training step of each backbone on the yeast and corel5k shapes (batch 128), on the
 * current adapter, with GFLOP per step. Prints JSON.
 *   node --import ./src/node/register.mjs bench/backbones.ts [--browser] [--hidden 768]
 *        [--steps 5] [--warmup 2] [--models mlp,clif] [--shapes yeast,corel5k] [--batch 128]
 */
import { parseArgs } from 'node:util';
import { benchmarkBackbones, DEFAULT_BACKBONE_BENCH, type BackboneBenchOptions, type BackboneBenchRow, type BenchShape } from '../src/bench/backbones';
import { runBenchmark } from '../src/bench/run-bench';
import type { DoctorReport } from '../src/gpu/doctor';
import type { BackboneKind } from '../src/models';

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

const { environment, rows } = await runBenchmark<{ environment: DoctorReport; rows: BackboneBenchRow[] }, BackboneBenchOptions>(
  values.browser,
  options,
  async (rt, o) => ({ rows: await benchmarkBackbones(rt, o) }),
  'benchBackbones',
);
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
