/** The Active Bias kernels (shaders/active-bias/): bindings, parameters and dispatch shapes; twins in reference.ts. */
import observeSource from '../../../shaders/active-bias/observe.wgsl?raw';
import scoreSource from '../../../shaders/active-bias/score.wgsl?raw';
import { defineKernel, linearWorkgroups } from '../../gpu/kernel';

export const activeBiasObserveKernel = defineKernel({
  name: 'active_bias_observe',
  source: observeSource,
  bindings: {
    params: 'uniform',
    indices: 'read-only-storage',
    probs: 'read-only-storage',
    count: 'storage',
    mean: 'storage',
    m2: 'storage',
  },
  params: { batch: 'u32', labels: 'u32' },
  constants: { WG: 64 },
  workgroups: ({ batch }) => [batch],
});

export const activeBiasScoreKernel = defineKernel({
  name: 'active_bias_score',
  source: scoreSource,
  bindings: { params: 'uniform', count: 'read-only-storage', m2: 'read-only-storage', scores: 'storage', log_w: 'storage' },
  params: { rows: 'u32', labels: 'u32', epsilon: 'f32' },
  constants: { WG: 64 },
  workgroups: ({ rows }, { WG }, limits) => linearWorkgroups(rows, WG!, limits),
});

export const ACTIVE_BIAS_KERNELS = [activeBiasObserveKernel, activeBiasScoreKernel];
