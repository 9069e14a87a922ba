/**
 * Backbone training-step benchmark (`d2ace bench backbones`): ms per optimiser step (forward,
 * backward, L2-Adam) at batch 128 on dataset shapes, and the analytic GFLOP per step. Runs in
 * Node and in the browser on the current adapter, or on the CPU runtime (tfjs wasm); with
 * several runtimes, compareRuntimes() puts their times side by side. Returns plain JSON.
 */
import * as tf from '@tensorflow/tfjs';
import { createBackbone, type BackboneKind } from '../models';
import { AdamL2, DEFAULT_OPTIMIZER_CONFIG } from '../train/optimizer';
import { trainStep } from '../train/step';
import { readbacksSoFar, settle, type TrainingRuntime } from '../train/training-runtime';
import { BENCH_SHAPES, type BenchShape } from './shapes';

export interface BackboneBenchOptions {
  models: BackboneKind[];
  shapes: BenchShape[];
  batch: number;
  /** CLIF width (reference 768). */
  hidden: number;
  mlpWidths: number[];
  warmupSteps: number;
  steps: number;
  /** The authors' model.py, for timing their CLIF in PyTorch beside ours (torch-step.ts). */
  torchModel?: string;
}

export const DEFAULT_BACKBONE_BENCH: BackboneBenchOptions = {
  models: ['mlp', 'clif'],
  shapes: ['yeast', 'corel5k'],
  batch: 128,
  hidden: 768,
  mlpWidths: [256, 256],
  warmupSteps: 2,
  steps: 5,
};

/** Forward multiply-adds x 2; a training step counts forward + backward as 3 x forward. */
export function forwardFlops(kind: BackboneKind, B: number, d: number, L: number, hidden: number, mlpWidths: number[]): number {
  if (kind === 'mlp') {
    const widths = [d, ...mlpWidths, L];
    let flops = 0;
    for (let i = 0; i + 1 < widths.length; i++) flops += 2 * B * widths[i]! * widths[i + 1]!;
    return flops;
  }
  const m = Math.ceil(L / 2);
  const H = hidden;
  const gin = 2 * (2 * L * L * m + 2 * L * m * L);
  const labelBranch = 2 * L * L * H;
  const features = 2 * B * (d * H + 2 * H * H);
  const product = B * L * H;
  const joint = 2 * B * L * H * H;
  const classifier = 2 * B * L * H;
  return gin + labelBranch + features + product + joint + classifier;
}

export interface BackboneBenchRow {
  model: BackboneKind;
  shape: BenchShape;
  features: number;
  labels: number;
  batch: number;
  hidden: number | number[];
  parameters: number;
  steps: number;
  msPerStep: number;
  gflopPerStep: number;
  gflopPerSecond: number;
  /** null on the CPU runtime (no GPU to read back from). */
  readbacksPerStep: number | null;
}

export async function benchmarkBackbones(rt: TrainingRuntime, options: BackboneBenchOptions): Promise<BackboneBenchRow[]> {
  const rows: BackboneBenchRow[] = [];
  for (const shape of options.shapes) {
    const { features: d, labels: L } = BENCH_SHAPES[shape];
    const x = tf.randomUniform([options.batch, d], 0, 1, 'float32', 1) as tf.Tensor2D;
    const y = tf.tidy(() => tf.cast(tf.less(tf.randomUniform([options.batch, L], 0, 1, 'float32', 2), 0.1), 'float32')) as tf.Tensor2D;
    for (const kind of options.models) {
      const model = createBackbone(kind, d, L, { hidden: options.hidden, mlpWidths: options.mlpWidths }, 0);
      const optimizer = new AdamL2(DEFAULT_OPTIMIZER_CONFIG);
      const step = (s: number) => tf.dispose(Object.values(trainStep(model, optimizer, x, y, s)).filter((t) => t instanceof tf.Tensor));
      for (let s = 0; s < options.warmupSteps; s++) step(s);
      await settle(rt);
      const readbacks = readbacksSoFar(rt);
      const start = performance.now();
      for (let s = 0; s < options.steps; s++) step(options.warmupSteps + s);
      await settle(rt);
      const ms = (performance.now() - start) / options.steps;
      const gflop = (3 * forwardFlops(kind, options.batch, d, L, options.hidden, options.mlpWidths)) / 1e9;
      rows.push({
        model: kind,
        shape,
        features: d,
        labels: L,
        batch: options.batch,
        hidden: kind === 'clif' ? options.hidden : options.mlpWidths,
        parameters: model.parameterCount(),
        steps: options.steps,
        msPerStep: +ms.toFixed(2),
        gflopPerStep: +gflop.toPrecision(4),
        gflopPerSecond: +(gflop / (ms / 1000)).toPrecision(4),
        readbacksPerStep: readbacks ? (readbacksSoFar(rt)!.total - readbacks.total) / options.steps : null,
      });
      optimizer.dispose();
      model.dispose();
    }
    tf.dispose([x, y]);
  }
  return rows;
}

/** One backbone and shape timed on several runtimes: ms per step on each, and how many times faster each is than the first. */
export interface RuntimeComparisonRow {
  model: string;
  shape: string;
  msPerStep: Record<string, number | null>;
  /** msPerStep[first] / msPerStep[other], for every other runtime (above 1: the other is faster). */
  speedupOverFirst: Record<string, number | null>;
}

/** Rows of the same (model, shape) on each runtime, side by side; the first runtime is the baseline. */
export function compareRuntimes(byRuntime: ReadonlyArray<{ runtime: string; rows: ReadonlyArray<{ model: string; shape: string; msPerStep: number }> }>): RuntimeComparisonRow[] {
  const [first, ...others] = byRuntime;
  if (!first) return [];
  const keys = [...new Map(byRuntime.flatMap((r) => r.rows.map((row) => [`${row.model}/${row.shape}`, row] as const))).values()];
  const msOn = (runtime: (typeof byRuntime)[number], model: string, shape: string) => runtime.rows.find((r) => r.model === model && r.shape === shape)?.msPerStep ?? null;
  return keys.map(({ model, shape }) => {
    const base = msOn(first, model, shape);
    const msPerStep = Object.fromEntries(byRuntime.map((r) => [r.runtime, msOn(r, model, shape)]));
    const speedupOverFirst = Object.fromEntries(
      others.map((r) => {
        const ms = msOn(r, model, shape);
        return [r.runtime, base !== null && ms !== null && ms > 0 ? +(base / ms).toPrecision(3) : null];
      }),
    );
    return { model, shape, msPerStep, speedupOverFirst };
  });
}
