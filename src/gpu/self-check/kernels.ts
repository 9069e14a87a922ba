/** The self-check kernel's description: per-column mean and population std (shaders/self-check/column_stats.wgsl; twin in reference.ts). */
import source from '../../../shaders/self-check/column_stats.wgsl?raw';
import { defineKernel } from '../kernel';

export const columnStatsKernel = defineKernel({
  name: 'column_stats',
  source,
  bindings: { params: 'uniform', matrix: 'read-only-storage', stats: 'storage' },
  params: { rows: 'u32', cols: 'u32' },
  constants: { WG: 256 },
  workgroups: ({ cols }) => [cols],
});
