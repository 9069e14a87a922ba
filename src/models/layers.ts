/** The few layers the backbones need, as plain functions of ParameterStore variables. */
import * as tf from '@tensorflow/tfjs';
import { leakyReluGain, type ParameterStore } from './parameters';

export interface Dense {
  weight: tf.Variable; // [in, out]
  bias: tf.Variable; // [out]
}

export type DenseInit = 'leaky-relu' | 'sigmoid' | 'torch-default';

/**
 * A linear layer. 'leaky-relu' and 'sigmoid': Kaiming-uniform weights for that gain (CLIF's
 * reference init; biases U(0, 0.1) and 0 respectively). 'torch-default': PyTorch nn.Linear's
 * own init, weights and biases U(-1/sqrt(in), 1/sqrt(in)).
 */
export function dense(params: ParameterStore, name: string, inputs: number, outputs: number, init: DenseInit, slope = 0.1): Dense {
  if (init === 'torch-default') {
    const bound = 1 / Math.sqrt(inputs);
    return {
      weight: params.uniform(`${name}/w`, [inputs, outputs], -bound, bound),
      bias: params.uniform(`${name}/b`, [outputs], -bound, bound),
    };
  }
  const gain = init === 'sigmoid' ? 1 : leakyReluGain(slope);
  return {
    weight: params.kaimingUniform(`${name}/w`, [inputs, outputs], inputs, gain),
    bias: init === 'sigmoid' ? params.constant(`${name}/b`, [outputs], 0) : params.uniform(`${name}/b`, [outputs], 0, 0.1),
  };
}

export function applyDense(layer: Dense, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, layer.weight as tf.Tensor2D), layer.bias);
}

/** BatchNorm1d over the rows of a [rows, features] matrix (PyTorch semantics, eps 1e-5, momentum 0.1). */
export interface BatchNorm {
  gamma: tf.Variable;
  beta: tf.Variable;
  runningMean: tf.Variable;
  runningVar: tf.Variable;
}

export function batchNorm(params: ParameterStore, name: string, features: number): BatchNorm {
  return {
    gamma: params.constant(`${name}/gamma`, [features], 1),
    beta: params.constant(`${name}/beta`, [features], 0),
    runningMean: params.constant(`${name}/running_mean`, [features], 0, false),
    runningVar: params.constant(`${name}/running_var`, [features], 1, false),
  };
}

const BN_EPS = 1e-5;
const BN_MOMENTUM = 0.1;

/**
 * Training: normalise with the batch's mean and biased variance, and move the running
 * statistics (unbiased variance, as PyTorch). Inference: use the running statistics.
 */
export function applyBatchNorm(bn: BatchNorm, x: tf.Tensor2D, training: boolean): tf.Tensor2D {
  if (!training) {
    return tf.batchNorm(x, bn.runningMean, bn.runningVar, bn.beta, bn.gamma, BN_EPS) as tf.Tensor2D;
  }
  const { mean, variance } = tf.moments(x, 0);
  const rows = x.shape[0];
  // These ops do not lead to the loss, so gradients never flow through them.
  tf.tidy(() => {
    const unbiased = tf.mul(variance, rows > 1 ? rows / (rows - 1) : 1);
    bn.runningMean.assign(tf.add(tf.mul(bn.runningMean, 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
    bn.runningVar.assign(tf.add(tf.mul(bn.runningVar, 1 - BN_MOMENTUM), tf.mul(unbiased, BN_MOMENTUM)));
  });
  return tf.batchNorm(x, mean, variance, bn.beta, bn.gamma, BN_EPS) as tf.Tensor2D;
}
