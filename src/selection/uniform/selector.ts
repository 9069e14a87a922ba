/** The uniform baseline: a seeded reshuffle of the training set every epoch, batches in order. */
import { MethodSelector, type SelectionMath } from '../method-selector';

/** No state and no draw: every epoch is a uniform reshuffle (MethodSelector's default). */
class UniformMath implements SelectionMath {
  readonly kind = 'gpu';
  async initialize(): Promise<void> {}
  observe(): void {
    // Uniform sampling ignores training dynamics.
  }
  prepareEpoch(): undefined {
    return undefined;
  }
  async state(): Promise<Record<string, ArrayLike<number>>> {
    return {};
  }
  async internals(): Promise<Record<string, unknown>> {
    return {};
  }
  dispose(): void {}
}

export class UniformSelector extends MethodSelector {
  constructor() {
    super('uniform', new UniformMath(), { warmupEpochs: 0, warmupOrder: 'reshuffle' });
  }
}
