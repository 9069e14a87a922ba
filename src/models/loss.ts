/** Binary cross-entropy with logits, per entry, in the numerically stable form PyTorch uses. */
import * as tf from '@tensorflow/tfjs';

/** l = max(z, 0) - z * y + log(1 + exp(-|z|)), entry by entry (same shape as the logits). */
export function bceWithLogits(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() =>
    tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))),
  ) as tf.Tensor2D;
}

/**
 * Per-entry BCE from sigmoid probabilities (a model whose last layer is a sigmoid): the
 * probabilities are clipped to [1e-7, 1 - 1e-7], as Keras does, so saturated outputs stay finite.
 */
export function bceFromProbabilities(probs: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const clipped = tf.clipByValue(probs, 1e-7, 1 - 1e-7);
    const logits = tf.sub(tf.log(clipped), tf.log1p(tf.neg(clipped))) as tf.Tensor2D;
    return bceWithLogits(logits, targets);
  });
}
