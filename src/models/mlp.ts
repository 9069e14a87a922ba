/**
 * A plain multi-label MLP: Linear -> LeakyReLU -> Dropout per hidden width, then Linear to L
 * logits (sigmoid outputs, BCE). The fast default for machines without a big GPU.
 * Init: Kaiming-uniform for the LeakyReLU gain with biases U(0, 0.1) in hidden layers (CLIF's
 * rule), Kaiming-uniform for the sigmoid gain with bias 0 in the output layer.
 */
import * as tf from '@tensorflow/tfjs';
import { StoredBackbone, validateBackboneConfig, type Backbone, type BackboneConfig, type TrainForward } from './backbone';
import { dropout } from './dropout';
import { applyDense, dense, type Dense } from './layers';
import { bceWithLogits } from './loss';
import { ParameterStore } from './parameters';

export class MlpBackbone extends StoredBackbone implements Backbone {
  readonly kind = 'mlp' as const;
  private readonly hidden: Dense[];
  private readonly output: Dense;

  constructor(
    readonly numFeatures: number,
    readonly numLabels: number,
    readonly config: BackboneConfig,
    private readonly seed: number,
  ) {
    validateBackboneConfig(config, numFeatures, numLabels);
    super(new ParameterStore('mlp', seed));
    let inputs = numFeatures;
    this.hidden = config.mlpWidths.map((width, i) => {
      const layer = dense(this.params, `hidden${i}`, inputs, width, 'leaky-relu', config.slope);
      inputs = width;
      return layer;
    });
    this.output = dense(this.params, 'output', inputs, numLabels, 'sigmoid');
  }

  private logits(x: tf.Tensor2D, training: boolean, step: number): tf.Tensor2D {
    let h = x;
    this.hidden.forEach((layer, i) => {
      h = dropout(tf.leakyRelu(applyDense(layer, h), this.config.slope), this.config.dropout, training, this.seed, step * 64 + i) as tf.Tensor2D;
    });
    return applyDense(this.output, h);
  }

  trainForward(x: tf.Tensor2D, y: tf.Tensor2D, step: number): TrainForward {
    const logits = this.logits(x, true, step);
    const bce = bceWithLogits(logits, y);
    return { logits, bce, loss: tf.mean(bce) as tf.Scalar };
  }

  predict(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.logits(x, false, 0)));
  }
}
