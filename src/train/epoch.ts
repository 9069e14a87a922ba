/**
 * One training epoch, method-agnostic: batches come from the selector, each step trains on
 * them and reports its outputs back. Nothing is read back: the summed loss stays on the GPU.
 * The caller closes the epoch with selector.endEpoch (so it can time selection separately).
 */
import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../models/backbone';
import type { BatchSelector } from '../selection/selector';
import type { VisitCounter } from './coverage';
import type { AdamL2 } from './optimizer';
import { trainStep } from './step';

export interface EpochInputs {
  model: Backbone;
  optimizer: AdamL2;
  selector: BatchSelector;
  /** Training features and labels (N x d, N x L), GPU-resident. */
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  /** Optimiser steps taken before this epoch (drives warm-up and dropout masks). */
  firstStep: number;
  /** Counts each batch's instances on the GPU (coverage). */
  visits?: VisitCounter;
  /** Checked before every step: stop the epoch early (Ctrl-C). */
  signal?: { aborted: boolean };
  /** Awaited after every step (the CPU runtime yields to the event loop there, so the signal can be set). */
  afterStep?: () => Promise<void>;
}

export interface EpochOutputs {
  steps: number;
  /** Sum of the step losses (a GPU scalar; the caller reads or disposes it). */
  lossSum: tf.Scalar;
  /** Learning rate of the epoch's last step. */
  learningRate: number;
  /** True when the signal stopped the epoch before its last batch. */
  interrupted: boolean;
}

export async function trainEpoch(inputs: EpochInputs, epoch: number): Promise<EpochOutputs> {
  const { model, optimizer, selector, x, y } = inputs;
  let lossSum = tf.scalar(0);
  let learningRate = 0;
  const planned = selector.batchesPerEpoch(epoch);
  let steps = 0;
  for (let b = 0; b < planned; b++) {
    if (inputs.signal?.aborted) break;
    const indices = selector.nextBatch();
    const xb = tf.gather(x, indices) as tf.Tensor2D;
    const yb = tf.gather(y, indices) as tf.Tensor2D;
    const weights = selector.batchWeights?.(indices);
    const out = trainStep(model, optimizer, xb, yb, inputs.firstStep + b, weights);
    const pending = selector.observe(indices, out.probs, out.bce);
    if (pending) await pending;
    inputs.visits?.record(indices);
    const next = tf.add(lossSum, out.loss) as tf.Scalar;
    tf.dispose([lossSum, indices, xb, yb, out.probs, out.bce, out.loss]);
    weights?.dispose();
    lossSum = next;
    learningRate = out.learningRate;
    steps++;
    if (inputs.afterStep) await inputs.afterStep();
  }
  return { steps, lossSum, learningRate, interrupted: steps < planned };
}
