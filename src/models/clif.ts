/**
 * CLIF (Hang and Zhang, TPAMI 2022) as the D2ACE authors train it (D2ACE-SPEC section 5):
 * - fixed label embeddings E ~ N(0, 1), L x L, not trained; label graph = identity;
 * - a 2-layer GIN label encoder, h <- MLP((1 + eps) h + A h) + h with A = I and a trainable
 *   eps (init 0); MLP = Linear(L, ceil(L/2)) -> BN -> LeakyReLU -> Dropout -> Linear(., L) ->
 *   BN -> LeakyReLU -> Dropout, batch norm over the L label nodes;
 * - feature branch Linear(d, H) -> LeakyReLU -> Dropout, then twice Linear(H, H) -> LeakyReLU ->
 *   Dropout; label branch Linear(L, H) on the GIN output;
 * - their product over the batch, z[b, l, :] = x[b, :] * y[l, :], then Linear(H, H) -> LeakyReLU;
 * - a per-label classifier (the grouped convolution): logit[b, l] = sum_h W[l, h] z[b, l, h] + c[l];
 * - loss = mean BCE + linkWeight * mean((2I - cos(g_i, g_j))^2) over the GIN label embeddings g.
 * Init: Kaiming-uniform (LeakyReLU gain) weights with biases U(0, 0.1); the label branch
 * Kaiming-uniform with sigmoid gain, bias 0; batch norm gamma 1, beta 0.
 */
import * as tf from '@tensorflow/tfjs';
import { StoredBackbone, validateBackboneConfig, type Backbone, type BackboneConfig, type TrainForward } from './backbone';
import { dropout } from './dropout';
import { applyBatchNorm, applyDense, batchNorm, dense, type BatchNorm, type Dense } from './layers';
import { bceWithLogits } from './loss';
import { leakyReluGain, ParameterStore } from './parameters';

interface GinLayer {
  eps: tf.Variable;
  linear1: Dense;
  norm1: BatchNorm;
  linear2: Dense;
  norm2: BatchNorm;
}

/** Trainable parameters of CLIF for (d, L, H): the formula the tests hold the model to. */
export function clifParameterCount(d: number, L: number, H: number): number {
  const m = Math.ceil(L / 2);
  const gin = 2 * (L * m + m + 2 * m + m * L + L + 2 * L + 1);
  const labelBranch = L * H + H;
  const featureBranch = d * H + H + 2 * (H * H + H);
  const joint = H * H + H;
  const classifier = L * H + L;
  return gin + labelBranch + featureBranch + joint + classifier;
}

export class ClifBackbone extends StoredBackbone implements Backbone {
  readonly kind = 'clif' as const;
  private readonly embeddings: tf.Variable;
  private readonly gin: GinLayer[];
  private readonly labelBranch: Dense;
  private readonly featureBranch: Dense[];
  private readonly joint: Dense;
  private readonly classifierWeight: tf.Variable; // [L, H]
  private readonly classifierBias: tf.Variable; // [L]
  private readonly linkTarget: tf.Tensor2D; // 2I

  constructor(
    readonly numFeatures: number,
    readonly numLabels: number,
    readonly config: BackboneConfig,
    private readonly seed: number,
  ) {
    validateBackboneConfig(config, numFeatures, numLabels);
    super(new ParameterStore('clif', seed));
    const L = numLabels;
    const H = config.hidden;
    const m = Math.ceil(L / 2);
    const p = this.params;
    this.embeddings = p.normal('label_embeddings', [L, L], false);
    this.gin = [0, 1].map((k) => ({
      eps: p.constant(`gin${k}/eps`, [], 0),
      linear1: dense(p, `gin${k}/linear1`, L, m, 'leaky-relu', config.slope),
      norm1: batchNorm(p, `gin${k}/bn1`, m),
      linear2: dense(p, `gin${k}/linear2`, m, L, 'leaky-relu', config.slope),
      norm2: batchNorm(p, `gin${k}/bn2`, L),
    }));
    this.labelBranch = dense(p, 'label_branch', L, H, 'sigmoid');
    this.featureBranch = [dense(p, 'feature0', numFeatures, H, 'leaky-relu', config.slope), dense(p, 'feature1', H, H, 'leaky-relu', config.slope), dense(p, 'feature2', H, H, 'leaky-relu', config.slope)];
    this.joint = dense(p, 'joint', H, H, 'leaky-relu', config.slope);
    this.classifierWeight = p.kaimingUniform('classifier/w', [L, H], H, leakyReluGain(config.slope));
    this.classifierBias = p.uniform('classifier/b', [L], 0, 0.1);
    this.linkTarget = tf.keep(tf.mul(tf.eye(L), 2)) as tf.Tensor2D;
  }

  private act(x: tf.Tensor2D): tf.Tensor2D {
    return tf.leakyRelu(x, this.config.slope);
  }

  /** The GIN label embeddings g (L x L). */
  private encodeLabels(training: boolean, step: number): tf.Tensor2D {
    let h = this.embeddings as tf.Tensor2D;
    this.gin.forEach((layer, k) => {
      // A = I, so the neighbour sum A h is h itself.
      const aggregated = tf.mul(h, tf.add(layer.eps, 2)) as tf.Tensor2D;
      let t = this.act(applyBatchNorm(layer.norm1, applyDense(layer.linear1, aggregated), training));
      t = dropout(t, this.config.dropout, training, this.seed, step * 64 + 2 * k) as tf.Tensor2D;
      t = this.act(applyBatchNorm(layer.norm2, applyDense(layer.linear2, t), training));
      t = dropout(t, this.config.dropout, training, this.seed, step * 64 + 2 * k + 1) as tf.Tensor2D;
      h = tf.add(t, h);
    });
    return h;
  }

  private forward(x: tf.Tensor2D, training: boolean, step: number): { logits: tf.Tensor2D; labelEmbeddings: tf.Tensor2D } {
    const B = x.shape[0];
    const L = this.numLabels;
    const H = this.config.hidden;
    const labelEmbeddings = this.encodeLabels(training, step);
    const y = applyDense(this.labelBranch, labelEmbeddings); // L x H
    let f = x;
    this.featureBranch.forEach((layer, i) => {
      f = dropout(this.act(applyDense(layer, f)), this.config.dropout, training, this.seed, step * 64 + 8 + i) as tf.Tensor2D;
    });
    const z = tf.mul(tf.reshape(f, [B, 1, H]), tf.reshape(y, [1, L, H])); // B x L x H
    const joint = this.act(applyDense(this.joint, tf.reshape(z, [B * L, H]) as tf.Tensor2D));
    const perLabel = tf.mul(tf.reshape(joint, [B, L, H]), tf.reshape(this.classifierWeight, [1, L, H]));
    const logits = tf.add(tf.sum(perLabel, 2), this.classifierBias) as tf.Tensor2D;
    return { logits, labelEmbeddings };
  }

  /** mean((2I - cos(g_i, g_j))^2) over all label pairs. */
  private linkLoss(g: tf.Tensor2D): tf.Scalar {
    const unit = tf.div(g, tf.add(tf.norm(g, 'euclidean', 1, true), 1e-8)) as tf.Tensor2D;
    const cosine = tf.matMul(unit, unit, false, true);
    return tf.mean(tf.square(tf.sub(this.linkTarget, cosine))) as tf.Scalar;
  }

  trainForward(x: tf.Tensor2D, y: tf.Tensor2D, step: number): TrainForward {
    const { logits, labelEmbeddings } = this.forward(x, true, step);
    const bce = bceWithLogits(logits, y);
    const loss = tf.add(tf.mean(bce), tf.mul(this.linkLoss(labelEmbeddings), this.config.linkWeight)) as tf.Scalar;
    return { logits, bce, loss };
  }

  predict(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.forward(x, false, 0).logits));
  }

  override dispose(): void {
    super.dispose();
    this.linkTarget.dispose();
  }
}
