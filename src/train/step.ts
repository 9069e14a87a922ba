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

export function trainStep(model: Backbone, optimizer: AdamL2, x: tf.Tensor2D, y: tf.Tensor2D, step: number): StepOutputs {
  let probs: tf.Tensor2D | undefined;
  let bce: tf.Tensor2D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const out = model.trainForward(x, y, step);
    probs = tf.keep(tf.sigmoid(out.logits));
    bce = tf.keep(out.bce);
    return out.loss;
  }, model.trainableVariables);
  const learningRate = optimizer.apply(grads, model.trainableVariables, step);
  tf.dispose(grads);
  return { probs: probs!, bce: bce!, loss: value, learningRate };
}
