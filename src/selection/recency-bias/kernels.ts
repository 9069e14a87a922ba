/** The Recency Bias kernels (shaders/recency-bias/): bindings, parameters and dispatch shapes; twins in reference.ts. */
import observeSource from '../../../shaders/recency-bias/observe.wgsl?raw';
import uncertaintySource from '../../../shaders/recency-bias/uncertainty.wgsl?raw';
import { defineKernel, linearWorkgroups } from '../../gpu/kernel';

export const recencyObserveKernel = defineKernel({
  name: 'recency_bias_observe',
  source: observeSource,
  bindings: { params: 'uniform', indices: 'read-only-storage', probs: 'read-only-storage', bits: 'storage', count: 'storage' },
  params: { batch: 'u32', labels: 'u32', words: 'u32', window: 'u32' },
  constants: { WG: 64 },
  workgroups: ({ batch, words }, { WG }, limits) => linearWorkgroups(batch * words, WG!, limits),
});

export const recencyUncertaintyKernel = defineKernel({
  name: 'recency_bias_uncertainty',
  source: uncertaintySource,
  bindings: { params: 'uniform', bits: 'read-only-storage', count: 'read-only-storage', uncertainty: 'storage' },
  params: { rows: 'u32', labels: 'u32', words: 'u32', window: 'u32', inv_labels: 'f32' },
  constants: { WG: 256 },
  workgroups: ({ rows }, { WG }, limits) => linearWorkgroups(rows, WG!, limits),
});

export const RECENCY_BIAS_KERNELS = [recencyObserveKernel, recencyUncertaintyKernel];
