/**
 * Backbone training-step benchmark (`d2ace bench backbones`): ms per optimiser step (forward,
 * backward, L2-Adam) at batch 128 on dataset shapes, and the analytic GFLOP per step. Runs in
 * Node and in the browser on the current adapter; returns plain JSON.
 */
import * as tf from '@tensorflow/tfjs';
import type { GpuRuntime } from '../gpu/runtime';
import { createBackbone, type BackboneKind } from '../models';
import { AdamL2, DEFAULT_OPTIMIZER_CONFIG } from '../train/optimizer';
import { trainStep } from '../train/step';
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
  readbacksPerStep: number;
}

export async function benchmarkBackbones(rt: GpuRuntime, options: BackboneBenchOptions): Promise<BackboneBenchRow[]> {
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
      await rt.ctx.sync();
      const readbacks = rt.ctx.readbacks.snapshot();
      const start = performance.now();
      for (let s = 0; s < options.steps; s++) step(options.warmupSteps + s);
      await rt.ctx.sync();
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
        readbacksPerStep: rt.ctx.readbacks.since(readbacks).total / options.steps,
      });
      optimizer.dispose();
      model.dispose();
    }
    tf.dispose([x, y]);
  }
  return rows;
}
