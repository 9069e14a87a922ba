/**
 * Leak counts for every run: tfjs tensors and bytes (tf.memory()) and our live GPU buffers,
 * recorded at the start of training and after every epoch. Setup grows them in the first epochs
 * (optimizer moments, the best-weights copy, a method's first draw); after that every epoch must
 * end where the previous one did, so a count higher at the end than at mid-run is a leak.
 */
import * as tf from '@tensorflow/tfjs';
import { onWebGpu, type TrainingRuntime } from './training-runtime';

export interface ResourceCounts {
  tensors: number;
  bytes: number;
  buffers: number;
}

export interface RunResources {
  start: ResourceCounts;
  end: ResourceCounts;
  /** End minus the end of the middle epoch (floor(epochs / 2)); positive means a leak. */
  growthSinceMidRun: { tensors: number; buffers: number };
  leak: boolean;
}

/** `buffers` counts our own GPU buffers: always 0 on the CPU runtime, which makes none. */
export function resourceCounts(rt: TrainingRuntime): ResourceCounts {
  const memory = tf.memory();
  return { tensors: memory.numTensors, bytes: memory.numBytes, buffers: onWebGpu(rt) ? rt.ctx.buffers.liveCount : 0 };
}

/** The run's summary from its start and per-epoch counts (null without an epoch). */
export function runResources(start: ResourceCounts, perEpoch: ResourceCounts[]): RunResources | null {
  if (perEpoch.length === 0) return null;
  const end = perEpoch[perEpoch.length - 1]!;
  const middle = perEpoch[Math.floor((perEpoch.length - 1) / 2)]!;
  const growthSinceMidRun = { tensors: end.tensors - middle.tensors, buffers: end.buffers - middle.buffers };
  return { start, end, growthSinceMidRun, leak: growthSinceMidRun.tensors > 0 || growthSinceMidRun.buffers > 0 };
}
