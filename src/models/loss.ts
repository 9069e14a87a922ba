/** Binary cross-entropy with logits, per entry, in the numerically stable form PyTorch uses. */
import * as tf from '@tensorflow/tfjs';

/** l = max(z, 0) - z * y + log(1 + exp(-|z|)), entry by entry (same shape as the logits). */
export function bceWithLogits(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() =>
    tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))),
  ) as tf.Tensor2D;
}
