/**
 * A model's variables: created with seeded initialisers (reproducible across runtimes),
 * named uniquely, and owned here (dispose() frees them all). Trainable weights and
 * non-trainable state (batch-norm running statistics, fixed embeddings) are kept apart.
 */
import * as tf from '@tensorflow/tfjs';
import { randomNormal, seededRandom, type Random } from '../util/random';

let instanceCounter = 0;

/** Gain of Kaiming initialisation for LeakyReLU with the given negative slope. */
export function leakyReluGain(slope: number): number {
  return Math.sqrt(2 / (1 + slope * slope));
}

export class ParameterStore {
  readonly trainable: tf.Variable[] = [];
  readonly state: tf.Variable[] = [];
  private readonly prefix: string;
  private readonly random: Random;

  constructor(name: string, seed: number) {
    this.prefix = `${name}_${++instanceCounter}`;
    this.random = seededRandom(seed);
  }

  private add(values: Float32Array, shape: number[], name: string, trainable: boolean): tf.Variable {
    const initial = tf.tensor(values, shape);
    const variable = tf.variable(initial, trainable, `${this.prefix}/${name}`);
    initial.dispose(); // the variable holds its own reference to the data
    (trainable ? this.trainable : this.state).push(variable);
    return variable;
  }

  /** U(-bound, bound) with bound = gain * sqrt(3 / fanIn) (PyTorch's kaiming_uniform_). */
  kaimingUniform(name: string, shape: number[], fanIn: number, gain: number): tf.Variable {
    return this.uniform(name, shape, -gain * Math.sqrt(3 / fanIn), gain * Math.sqrt(3 / fanIn));
  }

  uniform(name: string, shape: number[], low: number, high: number, trainable = true): tf.Variable {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = low + (high - low) * this.random();
    return this.add(values, shape, name, trainable);
  }

  normal(name: string, shape: number[], trainable: boolean): tf.Variable {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = randomNormal(this.random);
    return this.add(values, shape, name, trainable);
  }

  constant(name: string, shape: number[], value: number, trainable = true): tf.Variable {
    return this.add(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value), shape, name, trainable);
  }

  /** Number of trainable scalars. */
  count(): number {
    return this.trainable.reduce((n, v) => n + v.size, 0);
  }

  dispose(): void {
    for (const v of [...this.trainable, ...this.state]) v.dispose();
    this.trainable.length = 0;
    this.state.length = 0;
  }
}
