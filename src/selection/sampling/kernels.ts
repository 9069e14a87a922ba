/**
 * The shared sampling kernels (shaders/sampling/): every method that samples builds
 * log-weights (rank or value sampler, or its own), normalises them, and draws a whole epoch's
 * batches. Each description here has its twin in reference.ts.
 */
import rngSource from '../../../shaders/lib/rng.wgsl?raw';
import scanSource from '../../../shaders/lib/scan.wgsl?raw';
import sampleSource from '../../../shaders/sampling/sample_epoch.wgsl?raw';
import rankSource from '../../../shaders/sampling/rank_weights.wgsl?raw';
import valueSource from '../../../shaders/sampling/value_weights.wgsl?raw';
import normalizeSource from '../../../shaders/sampling/normalize_log_weights.wgsl?raw';
import { defineKernel } from '../../gpu/kernel';

export const sampleEpochKernel = defineKernel({
  name: 'sample_epoch',
  source: sampleSource,
  libraries: [rngSource, scanSource],
  bindings: { params: 'uniform', log_pi: 'read-only-storage', out: 'storage' },
  params: { rows: 'u32', batch: 'u32', seed: 'u32', epoch: 'u32', first_batch: 'u32', batches: 'u32', mode: 'u32' },
  constants: { WG: 256 },
  workgroups: ({ batches }) => [batches],
});

export const rankWeightsKernel = defineKernel({
  name: 'rank_weights',
  source: rankSource,
  bindings: { params: 'uniform', scores: 'read-only-storage', log_w: 'storage' },
  params: { rows: 'u32', log_pressure: 'f32' },
  constants: { WG: 256 },
  workgroups: ({ rows }, { WG }) => [Math.ceil(rows / WG!)],
});

export const valueWeightsKernel = defineKernel({
  name: 'value_weights',
  source: valueSource,
  bindings: { params: 'uniform', scores: 'read-only-storage', log_w: 'storage' },
  params: { rows: 'u32', log_pressure: 'f32', normalize: 'u32' },
  constants: { WG: 256 },
  workgroups: () => [1],
});

export const normalizeLogWeightsKernel = defineKernel({
  name: 'normalize_log_weights',
  source: normalizeSource,
  bindings: { params: 'uniform', log_w: 'read-only-storage', pi: 'storage', log_pi: 'storage', status: 'storage' },
  params: { rows: 'u32' },
  constants: { WG: 256 },
  workgroups: () => [1],
});

export const SAMPLING_KERNELS = [sampleEpochKernel, rankWeightsKernel, valueWeightsKernel, normalizeLogWeightsKernel];

