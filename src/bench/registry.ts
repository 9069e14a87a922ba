/**
 * Every benchmark of `d2ace bench`, by name: what it measures, its options and how it runs.
 * Adding a benchmark = its measuring code in a file of src/bench/ and one entry here (plus a
 * job in page-jobs.ts if it runs on the GPU); the command line and its help read this list.
 */
import type { BackboneKind } from '../models';
import { METHOD_NAMES } from '../selection/registry';
import { benchmarkArffMemory, DEFAULT_ARFF_MEMORY_BENCH, type ArffMemoryBenchOptions } from './arff-memory';
import { compareRuntimes, DEFAULT_BACKBONE_BENCH, type BackboneBenchOptions, type BackboneBenchRow } from './backbones';
import { torchStepTimes } from './torch-step';
import type { Benchmark, GivenOptions } from './benchmark';
import { runBenchJob, runCpuBackbones } from './run-bench';
import { DEFAULT_SELECTION_BENCH, type SelectionBenchOptions } from './selection';
import { DEFAULT_UBS_MI_BENCH, type UbsMiBenchOptions } from './ubs-mi';

const BACKBONES: readonly BackboneKind[] = ['mlp', 'clif'];

/** `steps` and `shapes` under the names the benchmark's options use. */
function withShared<O>(defaults: O, { steps, shapes, ...given }: GivenOptions, stepsKey: keyof O): O {
  return { ...defaults, ...given, ...(shapes ? { shapes } : {}), ...(steps !== undefined ? { [stepsKey]: steps } : {}) };
}

const backbones: Benchmark<BackboneBenchOptions> = {
  name: 'backbones',
  description: 'ms per training step (forward, backward, Adam + L2) of each backbone, with GFLOP per step and readbacks; several runtimes (and PyTorch) side by side',
  runtimes: ['node', 'browser', 'cpu'],
  steps: { help: 'timed training steps per backbone and shape', default: DEFAULT_BACKBONE_BENCH.steps },
  shapes: DEFAULT_BACKBONE_BENCH.shapes,
  options: [
    { key: 'models', flag: '--models <names>', help: 'backbones to time', value: 'names', choices: BACKBONES, default: DEFAULT_BACKBONE_BENCH.models },
    { key: 'batch', flag: '--batch <n>', help: 'batch size', value: 'positive-int', default: DEFAULT_BACKBONE_BENCH.batch },
    { key: 'hidden', flag: '--hidden <n>', help: 'CLIF width (the reference is 768)', value: 'positive-int', default: DEFAULT_BACKBONE_BENCH.hidden },
    { key: 'warmupSteps', flag: '--warmup <n>', help: 'untimed steps first (pipeline compilation)', value: 'non-negative-int', default: DEFAULT_BACKBONE_BENCH.warmupSteps },
    {
      key: 'torchModel',
      flag: '--torch-model <file>',
      help: "the authors' model.py (iunanyou/D2ACE, beside its layers.py and util.py): time their CLIF, and our MLP's widths, in PyTorch too (python3 with torch)",
      value: 'file',
    },
  ],
  resolve: (given) => withShared(DEFAULT_BACKBONE_BENCH, given, 'steps'),
  run: (options, runtime) => (runtime === 'cpu' ? runCpuBackbones(options) : runBenchJob(runtime, 'benchBackbones', options)),
  sideBySide: async (options, results) => {
    // PyTorch joins when asked for (--torch-model) or when runtimes are compared anyway.
    const torch = options.torchModel || results.length > 1 ? torchStepTimes(options) : undefined;
    const runs = [...results.map((r) => ({ runtime: r.runtime as string, rows: r.rows as BackboneBenchRow[] })), ...(torch?.rows.length ? [{ runtime: 'pytorch', rows: torch.rows }] : [])];
    return runs.length > 1 ? { sideBySide: compareRuntimes(runs), ...(torch ? { pytorch: torch.rows, notes: torch.notes } : {}) } : torch ? { notes: torch.notes } : {};
  },
};

const selection: Benchmark<SelectionBenchOptions> = {
  name: 'selection',
  description: "each selection method's setup, per-step observe and per-epoch update, GPU against its TypeScript twin; D2ACE's kNN; each method's share of a training epoch",
  runtimes: ['node', 'browser'],
  steps: { help: 'timed observe steps per method and shape', default: DEFAULT_SELECTION_BENCH.observeSteps },
  shapes: DEFAULT_SELECTION_BENCH.shapes,
  options: [
    { key: 'methods', flag: '--methods <names>', help: 'methods to measure', value: 'names', choices: METHOD_NAMES, default: DEFAULT_SELECTION_BENCH.methods },
    { key: 'batch', flag: '--batch <n>', help: 'batch size', value: 'positive-int', default: DEFAULT_SELECTION_BENCH.batch },
    { key: 'knnRows', flag: '--knn-rows <n>', help: "D2ACE's kNN (O(N^2 d)) is timed on at most this many rows", value: 'positive-int', default: DEFAULT_SELECTION_BENCH.knnRows },
    { key: 'twinMaxEntries', flag: '--twin-max-entries <n>', help: 'skip the twin where a shape has more than n instance-label entries', value: 'positive-int', default: DEFAULT_SELECTION_BENCH.twinMaxEntries },
    { key: 'overheadModels', flag: '--overhead-models <names>', help: 'backbones of the epoch-share measurement (on the yeast shape)', value: 'names', choices: BACKBONES, default: DEFAULT_SELECTION_BENCH.overheadModels },
    { key: 'overheadHidden', flag: '--overhead-hidden <n>', help: 'CLIF width of the epoch-share measurement', value: 'positive-int', default: DEFAULT_SELECTION_BENCH.overheadHidden },
    { key: 'noOverhead', flag: '--no-overhead', help: 'skip the epoch-share measurement (the slowest part)', value: 'switch' },
  ],
  resolve: ({ noOverhead, ...given }) => {
    if (noOverhead && (given['overheadModels'] || given['overheadHidden'])) throw new Error('--no-overhead skips the epoch share: give it or --overhead-models / --overhead-hidden, not both');
    return { ...withShared(DEFAULT_SELECTION_BENCH, given, 'observeSteps'), ...(noOverhead ? { overheadModels: [] } : {}) };
  },
  run: (options, runtime) => runBenchJob(runtime, 'benchSelection', options),
};

const ubsMi: Benchmark<UbsMiBenchOptions> = {
  name: 'ubs-mi',
  description: "UBS's label correlation per epoch (quantise, pairwise mutual information, normalise), GPU against its TypeScript twin",
  runtimes: ['node', 'browser'],
  steps: { help: 'timed GPU epochs per shape (the median is reported)', default: DEFAULT_UBS_MI_BENCH.repeats },
  shapes: DEFAULT_UBS_MI_BENCH.shapes,
  options: [{ key: 'twinRepeats', flag: '--twin-repeats <n>', help: 'timed twin epochs per shape (slow at many labels)', value: 'positive-int', default: DEFAULT_UBS_MI_BENCH.twinRepeats }],
  resolve: (given) => withShared(DEFAULT_UBS_MI_BENCH, given, 'repeats'),
  run: (options, runtime) => runBenchJob(runtime, 'benchUbsMi', options),
};

const arffMemory: Benchmark<ArffMemoryBenchOptions> = {
  name: 'arff-memory',
  description: 'peak resident memory of the streaming ARFF reader on a generated dense file, against the file size (Node only, no GPU)',
  runtimes: ['node'],
  options: [
    { key: 'instances', flag: '--instances <n>', help: 'rows of the generated file', value: 'positive-int', default: DEFAULT_ARFF_MEMORY_BENCH.instances },
    { key: 'features', flag: '--features <n>', help: 'numeric features per row', value: 'positive-int', default: DEFAULT_ARFF_MEMORY_BENCH.features },
    { key: 'labels', flag: '--labels <n>', help: '0/1 labels per row (the last attributes)', value: 'positive-int', default: DEFAULT_ARFF_MEMORY_BENCH.labels },
  ],
  resolve: (given) => ({ ...DEFAULT_ARFF_MEMORY_BENCH, ...given }),
  run: async (options) => ({ runtime: 'node', adapter: null, rows: [await benchmarkArffMemory(options)], extra: {} }),
};

export const BENCHMARKS: readonly Benchmark<any>[] = [backbones, selection, ubsMi, arffMemory];

export const BENCHMARK_NAMES: readonly string[] = BENCHMARKS.map((b) => b.name);
