/** The uniform baseline's descriptor (BASELINES "Uniform"). */
import { defineMethod } from '../method';
import { UniformSelector } from './selector';

export const uniformMethod = defineMethod<Record<string, never>>({
  name: 'uniform',
  summary: 'A fresh seeded permutation each epoch, ceil(N/B) batches: the reference point for every claim.',
  citation: 'Standard mini-batch SGD (random reshuffling).',
  facts: { idea: 'seeded reshuffle every epoch', statePerInstance: 'none', costPerStep: 'none', costPerEpoch: 'one permutation (CPU, N)' },
  defaults: {},
  options: [],
  create: () => new UniformSelector(),
  internals: [],
});
