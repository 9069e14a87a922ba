/** The trainer's own kernel (shaders/coverage/): counting each batch's instances for coverage. */
import countVisitsSource from '../../shaders/coverage/count_visits.wgsl?raw';
import { defineKernel } from '../gpu/kernel';

export const countVisitsKernel = defineKernel({
  name: 'count_visits',
  source: countVisitsSource,
  bindings: { params: 'uniform', indices: 'read-only-storage', counts: 'storage' },
  params: { batch: 'u32' },
  constants: { WG: 64 },
  workgroups: ({ batch }, { WG }) => [Math.max(1, Math.ceil(batch / WG!))],
});
