/**
 * The reference optimiser: Adam (betas 0.9 / 0.999, eps 1e-8) with weight decay ADDED TO THE
 * GRADIENT (L2, as torch.optim.Adam(weight_decay=...) does; not decoupled AdamW), on every
 * trainable parameter, and a learning rate warmed up linearly over the first epochs' steps.
 */
import * as tf from '@tensorflow/tfjs';

export interface OptimizerConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  /** Steps of linear warm-up (the reference: all steps of the first 10 epochs). */
  warmupSteps: number;
}

export const DEFAULT_OPTIMIZER_CONFIG: OptimizerConfig = {
  learningRate: 1e-4,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 1e-4,
  warmupSteps: 0,
};

/** Learning rate of step s (0-based): lr * (s + 1) / warmup during warm-up, then lr. */
export function warmupLearningRate(config: OptimizerConfig, step: number): number {
  if (config.warmupSteps <= 0 || step >= config.warmupSteps) return config.learningRate;
  return (config.learningRate * (step + 1)) / config.warmupSteps;
}

export class AdamL2 {
  private readonly adam: tf.AdamOptimizer;
  private readonly decay: tf.Scalar | undefined;

  constructor(readonly config: OptimizerConfig) {
    for (const [key, value] of Object.entries(config)) {
      if (!Number.isFinite(value) || value < 0) throw new Error(`optimizer ${key} must be a finite number >= 0, got ${value}`);
    }
    if (config.learningRate <= 0) throw new Error(`optimizer learningRate must be > 0, got ${config.learningRate}`);
    this.adam = tf.train.adam(config.learningRate, config.beta1, config.beta2, config.epsilon);
    this.decay = config.weightDecay > 0 ? tf.keep(tf.scalar(config.weightDecay)) : undefined;
  }

  /** Applies one update at `step`: g <- g + weightDecay * w, then Adam with the scheduled rate. */
  apply(grads: tf.NamedTensorMap, variables: tf.Variable[], step: number): number {
    const lr = warmupLearningRate(this.config, step);
    // AdamOptimizer reads its learning rate at every update.
    (this.adam as unknown as { learningRate: number }).learningRate = lr;
    tf.tidy(() => {
      const decayed: Array<{ name: string; tensor: tf.Tensor }> = [];
      for (const v of variables) {
        const g = grads[v.name];
        if (g) decayed.push({ name: v.name, tensor: this.decay ? tf.add(g, tf.mul(v, this.decay)) : g });
      }
      this.adam.applyGradients(decayed);
    });
    return lr;
  }

  dispose(): void {
    this.adam.dispose();
    this.decay?.dispose();
  }
}
