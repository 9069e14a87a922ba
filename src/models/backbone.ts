/**
 * One interface for every backbone. The trainer and the selector only see this: a training
 * forward that returns the logits AND the per-entry BCE matrix of that same forward pass (the
 * selector's input), an inference forward returning probabilities, parameters, and real
 * weight snapshots for best-validation model selection. Everything stays on the GPU.
 */
import * as tf from '@tensorflow/tfjs';

export type BackboneKind = 'mlp' | 'clif';

export interface BackboneConfig {
  kind: BackboneKind;
  /** CLIF: width of the feature, label and joint layers (reference 768). */
  hidden: number;
  /** MLP: widths of the hidden layers. */
  mlpWidths: number[];
  /** Dropout rate (reference 0.2). */
  dropout: number;
  /** Negative slope of LeakyReLU (reference 0.1). */
  slope: number;
  /** CLIF: weight of the link-prediction regulariser on the label embeddings (reference 1e-3). */
  linkWeight: number;
}

export const DEFAULT_BACKBONE_CONFIG: Omit<BackboneConfig, 'kind'> = {
  hidden: 768,
  mlpWidths: [256, 256],
  dropout: 0.2,
  slope: 0.1,
  linkWeight: 1e-3,
};

export interface TrainForward {
  /** B x L logits. */
  logits: tf.Tensor2D;
  /** B x L per-entry BCE-with-logits of this forward (exactly what the loss averages). */
  bce: tf.Tensor2D;
  /** The scalar that is minimised: mean BCE plus any regulariser. */
  loss: tf.Scalar;
}

/** Real copies of every variable (trainable and state), independent of later updates. */
export interface WeightSnapshot {
  readonly tensors: tf.Tensor[];
  dispose(): void;
}

export interface Backbone {
  readonly kind: BackboneKind;
  readonly numFeatures: number;
  readonly numLabels: number;
  readonly config: BackboneConfig;
  /** Training mode (dropout on, batch statistics). `step` picks the dropout masks. Use inside a gradient tape. */
  trainForward(x: tf.Tensor2D, y: tf.Tensor2D, step: number): TrainForward;
  /** Inference mode: B x L probabilities. */
  predict(x: tf.Tensor2D): tf.Tensor2D;
  readonly trainableVariables: tf.Variable[];
  parameterCount(): number;
  snapshot(): WeightSnapshot;
  restore(snapshot: WeightSnapshot): void;
  dispose(): void;
}

export function validateBackboneConfig(config: BackboneConfig, numFeatures: number, numLabels: number): void {
  const problems: string[] = [];
  if (!Number.isInteger(numFeatures) || numFeatures < 1) problems.push(`number of features must be a positive integer, got ${numFeatures}`);
  if (!Number.isInteger(numLabels) || numLabels < 1) problems.push(`number of labels must be a positive integer, got ${numLabels}`);
  if (!Number.isInteger(config.hidden) || config.hidden < 1) problems.push(`hidden must be a positive integer, got ${config.hidden}`);
  if (!config.mlpWidths.every((w) => Number.isInteger(w) && w > 0)) problems.push(`MLP widths must be positive integers, got [${config.mlpWidths.join(', ')}]`);
  if (!(config.dropout >= 0 && config.dropout < 1)) problems.push(`dropout must be in [0, 1), got ${config.dropout}`);
  if (!(config.slope >= 0)) problems.push(`LeakyReLU slope must be >= 0, got ${config.slope}`);
  if (!(config.linkWeight >= 0)) problems.push(`link regulariser weight must be >= 0, got ${config.linkWeight}`);
  if (problems.length) throw new Error(`invalid ${config.kind} backbone: ${problems.join('; ')}`);
}

/** Snapshot / restore shared by all backbones (variables in a fixed order). */
export function snapshotVariables(variables: tf.Variable[]): WeightSnapshot {
  const tensors = variables.map((v) => tf.clone(v));
  return { tensors, dispose: () => tf.dispose(tensors) };
}

export function restoreVariables(variables: tf.Variable[], snapshot: WeightSnapshot): void {
  if (snapshot.tensors.length !== variables.length) {
    throw new Error(`snapshot holds ${snapshot.tensors.length} tensors, the model has ${variables.length} variables`);
  }
  variables.forEach((v, i) => v.assign(snapshot.tensors[i]!));
}

/**
 * What every backbone built on a ParameterStore shares: its variables, their count, real
 * snapshots and disposal. Subclasses define the forward passes.
 */
export abstract class StoredBackbone {
  protected constructor(protected readonly params: import('./parameters').ParameterStore) {}

  get trainableVariables(): tf.Variable[] {
    return this.params.trainable;
  }

  parameterCount(): number {
    return this.params.count();
  }

  snapshot(): WeightSnapshot {
    return snapshotVariables([...this.params.trainable, ...this.params.state]);
  }

  restore(snapshot: WeightSnapshot): void {
    restoreVariables([...this.params.trainable, ...this.params.state], snapshot);
  }

  dispose(): void {
    this.params.dispose();
  }
}
