/** The OBS kernels (shaders/obs/): bindings, parameters and dispatch shape; twins in reference.ts. */
import observeSource from '../../../shaders/obs/observe.wgsl?raw';
import { defineKernel, linearWorkgroups } from '../../gpu/kernel';
import { OBSERVE_WORKGROUP } from './reference';

export const obsObserveKernel = defineKernel({
  name: 'obs_observe',
  source: observeSource,
  bindings: { params: 'uniform', indices: 'read-only-storage', bce: 'read-only-storage', loss: 'storage', count: 'storage' },
  params: { batch: 'u32', labels: 'u32', inv_labels: 'f32', visit: 'u32' },
  constants: { WG: OBSERVE_WORKGROUP },
  // One workgroup per row (a "workgroup size" of 1 row), folded beyond the per-dimension limit.
  workgroups: ({ batch }, _constants, limits) => linearWorkgroups(batch, 1, limits),
});

export const OBS_KERNELS = [obsObserveKernel];
