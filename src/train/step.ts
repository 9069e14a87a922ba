/**
 * One optimiser step on a batch, entirely on the GPU: forward in training mode, gradients,
 * the L2-Adam update. Returns, for the selector, the sigmoid outputs and the per-entry BCE of
 * THAT forward (before the update), and the loss, all as GPU tensors owned by the caller.
 */
import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../models/backbone';
import type { AdamL2 } from './optimizer';

export interface StepOutputs {
  /** B x L sigmoid probabilities of the forward pass. */
  probs: tf.Tensor2D;
  /** B x L per-entry BCE of the same forward. */
  bce: tf.Tensor2D;
  /** Scalar loss that was minimised. */
  loss: tf.Scalar;
  /** The learning rate used. */
  learningRate: number;
}

/**
 * `weights` (optional, one per batch row, mean 1 by convention) reweight each instance's mean
 * BCE in the loss (Active Bias `weighting`); any regulariser of the backbone is kept as is.
 */
export function trainStep(model: Backbone, optimizer: AdamL2, x: tf.Tensor2D, y: tf.Tensor2D, step: number, weights?: tf.Tensor1D): StepOutputs {
  let probs: tf.Tensor2D | undefined;
  let bce: tf.Tensor2D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const out = model.trainForward(x, y, step);
    probs = tf.keep(tf.sigmoid(out.logits));
    bce = tf.keep(out.bce);
    if (!weights) return out.loss;
    // loss - mean(bce) is the regulariser; the BCE part becomes mean_i(w_i * mean_j bce_ij).
    const weighted = tf.mean(tf.mul(tf.mean(out.bce, 1), weights));
    return tf.add(tf.sub(out.loss, tf.mean(out.bce)), weighted) as tf.Scalar;
  }, model.trainableVariables);
  const learningRate = optimizer.apply(grads, model.trainableVariables, step);
  tf.dispose(grads);
  return { probs: probs!, bce: bce!, loss: value, learningRate };
}
