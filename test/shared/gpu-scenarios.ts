/**
 * GPU scenarios run identically in Node (Vitest) and in Chromium (Playwright). Each returns
 * plain data; the runners assert on it.
 */
import * as tf from '@tensorflow/tfjs';
import { readBuffer } from '../../src/gpu/buffers';
import { GpuKernelError } from '../../src/gpu/errors';
import { borrowTensorBuffer, tensorFromBuffer } from '../../src/gpu/interop';
import { defineKernel } from '../../src/gpu/kernel';
import type { GpuRuntime } from '../../src/gpu/runtime';
import { GpuTimer } from '../../src/gpu/timing';
import { columnStatsKernel } from '../../src/gpu/self-check/kernels';
import { columnStatsReference } from '../../src/gpu/self-check/reference';
import { randomMatrix } from './random';

export interface ParityCase {
  rows: number;
  cols: number;
  seed: number;
  scale: number;
  offset: number;
}

export interface ParityResult extends ParityCase {
  maxRelError: number;
}

/** column_stats on the GPU against its twin, on random matrices of awkward shapes. */
export async function columnStatsParity(rt: GpuRuntime, cases: ParityCase[]): Promise<ParityResult[]> {
  await rt.kernels.load(columnStatsKernel);
  const results: ParityResult[] = [];
  for (const c of cases) {
    const data = randomMatrix(c.rows, c.cols, c.seed, c.scale, c.offset);
    const matrix = rt.ctx.buffers.createWithData('parity-matrix', data);
    const stats = rt.ctx.buffers.createStorage('parity-stats', 2 * c.cols * 4);
    rt.kernels.dispatch(columnStatsKernel, { buffers: { matrix, stats }, params: { rows: c.rows, cols: c.cols } });
    const gpu = new Float32Array(await readBuffer(rt.ctx, stats));
    rt.ctx.buffers.destroy(matrix);
    rt.ctx.buffers.destroy(stats);
    const expected = columnStatsReference(data, c.rows, c.cols);
    let maxRelError = 0;
    expected.forEach((v, i) => {
      maxRelError = Math.max(maxRelError, Math.abs(v - gpu[i]!) / Math.max(1, Math.abs(v)));
    });
    results.push({ ...c, maxRelError });
  }
  await rt.ctx.sync();
  return results;
}

export interface RoundTripResult {
  epochs: number;
  readbacksDuringEpochs: number;
  readbacksAtCheck: number;
  tensorsBefore: number;
  tensorsAfter: number;
  tensorsPerEpoch: number[];
  buffersBefore: number;
  buffersAfter: number;
  maxAbsError: number;
}

/**
 * tfjs tensor -> WGSL kernel -> tfjs tensor -> tfjs ops, several times, with no readback until
 * the final check: label weights exp(0.5 mean + 0.5 std) of a matrix, as D2ACE computes them.
 */
export async function roundTrip(rt: GpuRuntime, zeroCopy: boolean): Promise<RoundTripResult> {
  const rows = 300;
  const cols = 11;
  const epochs = 4;
  const values = randomMatrix(rows, cols, 7, 1, 0.5);
  await rt.kernels.load(columnStatsKernel);
  const { ctx } = rt;
  const input = tf.tensor2d(values, [rows, cols]);
  // A GPU-side op so that the input is a GPU-resident result, like a model's output.
  const matrix = tf.tidy(() => tf.mul(input, 2));
  input.dispose();

  const tensorsBefore = tf.memory().numTensors;
  const buffersBefore = ctx.buffers.liveCount;
  const readbacksBefore = ctx.readbacks.snapshot();
  const tensorsPerEpoch: number[] = [];
  let weights: tf.Tensor | undefined;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const stats = ctx.buffers.createStorage('roundtrip-stats', 2 * cols * 4);
    rt.kernels.dispatch(columnStatsKernel, {
      buffers: { matrix: borrowTensorBuffer(rt.backend, matrix), stats },
      params: { rows, cols },
    });
    const statsTensor = tensorFromBuffer<tf.Rank.R2>(stats, [cols, 2], 'float32', { copy: !zeroCopy });
    if (!zeroCopy) ctx.buffers.destroy(stats);
    weights?.dispose();
    weights = tf.tidy(() => {
      const [mean, std] = tf.split(statsTensor, 2, 1);
      return tf.exp(tf.add(tf.mul(mean!, 0.5), tf.mul(std!, 0.5))).reshape([cols]);
    });
    statsTensor.dispose();
    if (zeroCopy) ctx.buffers.destroy(stats);
    tensorsPerEpoch.push(tf.memory().numTensors);
  }
  const readbacksDuringEpochs = ctx.readbacks.since(readbacksBefore).total;
  const gpu = (await weights!.data()) as Float32Array;
  const readbacksAtCheck = ctx.readbacks.since(readbacksBefore).total - readbacksDuringEpochs;
  weights!.dispose();
  const tensorsAfter = tf.memory().numTensors;
  matrix.dispose();
  await ctx.sync();

  const doubled = values.map((v) => 2 * v);
  const stats = columnStatsReference(doubled, rows, cols);
  let maxAbsError = 0;
  for (let c = 0; c < cols; c++) {
    const expected = Math.exp(0.5 * stats[2 * c]! + 0.5 * stats[2 * c + 1]!);
    maxAbsError = Math.max(maxAbsError, Math.abs(expected - gpu[c]!));
  }
  return {
    epochs,
    readbacksDuringEpochs,
    readbacksAtCheck,
    tensorsBefore,
    tensorsAfter,
    tensorsPerEpoch,
    buffersBefore,
    buffersAfter: ctx.buffers.liveCount,
    maxAbsError,
  };
}

export interface CaughtError {
  name: string;
  kernel?: string;
  phase?: string;
  message: string;
}

function describe(error: unknown): CaughtError {
  const e = error as Error;
  if (e instanceof GpuKernelError) return { name: e.name, kernel: e.kernel, phase: e.phase, message: e.message };
  return { name: e?.name ?? 'unknown', message: String(e?.message ?? e) };
}

async function caught(work: () => Promise<unknown>): Promise<CaughtError | null> {
  try {
    await work();
    return null;
  } catch (error) {
    return describe(error);
  }
}

/** Errors that must name the kernel: bad WGSL, a layout mismatch, a bad dispatch. */
export async function kernelErrors(rt: GpuRuntime): Promise<Record<string, CaughtError | null>> {
  const syntax = defineKernel({
    name: 'broken_syntax',
    source: '@compute @workgroup_size(1) fn main() {\n  let x: f32 = 1.0\n  let y = x +;\n}\n',
    bindings: { out: 'storage' },
    params: {},
    workgroups: () => [1],
  });
  // The spec promises the second binding is read-only; the shader writes to it.
  const mismatch = defineKernel({ ...columnStatsKernel, name: 'mismatched_layout', bindings: { params: 'uniform', matrix: 'read-only-storage', stats: 'read-only-storage' } });
  const results: Record<string, CaughtError | null> = {};
  results['syntax'] = await caught(() => rt.kernels.load(syntax));
  results['layout'] = await caught(() => rt.kernels.load(mismatch));

  await rt.kernels.load(columnStatsKernel);
  const matrix = rt.ctx.buffers.createStorage('errors-matrix', 64);
  const stats = rt.ctx.buffers.createStorage('errors-stats', 64);
  rt.ctx.buffers.destroy(stats);
  results['destroyedBuffer'] = await caught(async () => {
    rt.kernels.dispatch(columnStatsKernel, { buffers: { matrix, stats }, params: { rows: 4, cols: 4 } });
    await rt.ctx.sync();
  });
  const tooMany = rt.ctx.device.limits.maxComputeWorkgroupsPerDimension + 1;
  results['tooManyWorkgroups'] = await caught(async () => {
    rt.kernels.dispatch(columnStatsKernel, { buffers: { matrix, stats: matrix }, params: { rows: 1, cols: tooMany } });
  });
  results['badParam'] = await caught(async () => {
    rt.kernels.dispatch(columnStatsKernel, { buffers: { matrix, stats: matrix }, params: { rows: -1, cols: 1 } });
  });
  rt.ctx.buffers.destroy(matrix);
  // The runtime still works after all of that.
  results['afterwards'] = await caught(() => rt.ctx.sync());
  return results;
}

/** A timer over repeated dispatches: every dispatch measured, none blocking. */
export async function timerScenario(rt: GpuRuntime): Promise<{ mode: string; kernelCount: number; spanCount: number; timingReadbacks: number }> {
  await rt.kernels.load(columnStatsKernel);
  const timer = new GpuTimer(rt.ctx);
  const data = randomMatrix(512, 8, 3);
  const matrix = rt.ctx.buffers.createWithData('timer-matrix', data);
  const stats = rt.ctx.buffers.createStorage('timer-stats', 64);
  const before = rt.ctx.readbacks.snapshot();
  for (let i = 0; i < 5; i++) {
    rt.kernels.dispatch(columnStatsKernel, { buffers: { matrix, stats }, params: { rows: 512, cols: 8 }, timer });
  }
  timer.span('tfjs-matmul', () => tf.tidy(() => tf.matMul(tf.ones([64, 64]), tf.ones([64, 64])).dispose()));
  const results = await timer.results();
  const timingReadbacks = rt.ctx.readbacks.since(before).bySource.timing;
  timer.dispose();
  rt.ctx.buffers.destroy(matrix);
  rt.ctx.buffers.destroy(stats);
  return {
    mode: timer.mode,
    kernelCount: results['column_stats']?.count ?? 0,
    spanCount: results['tfjs-matmul']?.count ?? 0,
    timingReadbacks,
  };
}
