/**
 * Selection costs of every method, GPU against the TypeScript twin measured in the same run,
 * and each method's selection share of a training epoch against uniform. Prints JSON.
 *   node --import ./src/node/register.mjs bench/selection.ts [--browser]
 *        [--shapes yeast,corel5k,mediamill,delicious] [--methods d2ace,obs,...] [--batch 128]
 *        [--steps 20] [--knn-rows 2000]
 *        [--twin-max-entries 5000000] (the twin is skipped for larger N x L)
 *        [--overhead-models mlp,clif] [--overhead-hidden 64] [--no-overhead]
 */
import { parseArgs } from 'node:util';
import { benchmarkKnn, benchmarkOverhead, benchmarkSelection, DEFAULT_SELECTION_BENCH, type KnnRow, type OverheadRow, type SelectionBenchOptions, type SelectionBenchRow, type SelectionShape } from '../src/bench/selection';
import { runBenchmark } from '../src/bench/run-bench';
import type { DoctorReport } from '../src/gpu/doctor';
import type { BackboneKind } from '../src/models';

const { values } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    shapes: { type: 'string' },
    methods: { type: 'string' },
    batch: { type: 'string' },
    steps: { type: 'string' },
    'knn-rows': { type: 'string' },
    'twin-max-entries': { type: 'string' },
    'overhead-models': { type: 'string' },
    'overhead-hidden': { type: 'string' },
    'no-overhead': { type: 'boolean', default: false },
  },
});

const options: SelectionBenchOptions = {
  ...DEFAULT_SELECTION_BENCH,
  ...(values.shapes ? { shapes: values.shapes.split(',') as SelectionShape[] } : {}),
  ...(values.methods ? { methods: values.methods.split(',') } : {}),
  ...(values.batch ? { batch: Number(values.batch) } : {}),
  ...(values.steps ? { observeSteps: Number(values.steps) } : {}),
  ...(values['knn-rows'] ? { knnRows: Number(values['knn-rows']) } : {}),
  ...(values['twin-max-entries'] ? { twinMaxEntries: Number(values['twin-max-entries']) } : {}),
  ...(values['overhead-models'] ? { overheadModels: values['overhead-models'].split(',') as BackboneKind[] } : {}),
  ...(values['overhead-hidden'] ? { overheadHidden: Number(values['overhead-hidden']) } : {}),
  ...(values['no-overhead'] ? { overheadModels: [] } : {}),
};

const { environment, rows, knn, overhead } = await runBenchmark<
  { environment: DoctorReport; rows: SelectionBenchRow[]; knn: KnnRow[]; overhead: OverheadRow[] },
  SelectionBenchOptions
>(values.browser, options, async (rt, o) => ({ rows: await benchmarkSelection(rt, o), knn: await benchmarkKnn(rt, o), overhead: await benchmarkOverhead(rt, o) }), 'benchSelection');
console.log(JSON.stringify({ benchmark: 'batch selection', runtime: environment.runtime, adapter: environment.adapter, options, rows, knn, overhead }, null, 2));
