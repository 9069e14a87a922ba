/** The D2ACE kernels: each WGSL file's bindings, parameters and dispatch shape, in one place. */
import commonSource from '../../../shaders/lib/d2ace_common.wgsl?raw';
import rngSource from '../../../shaders/lib/rng.wgsl?raw';
import scanSource from '../../../shaders/lib/scan.wgsl?raw';
import observeSource from '../../../shaders/d2ace_observe.wgsl?raw';
import knnSource from '../../../shaders/knn.wgsl?raw';
import contextSource from '../../../shaders/d2ace_local_context.wgsl?raw';
import labelStatsSource from '../../../shaders/d2ace_label_stats.wgsl?raw';
import normalizeSource from '../../../shaders/d2ace_masked_normalize.wgsl?raw';
import correlationSource from '../../../shaders/d2ace_correlation.wgsl?raw';
import scoresSource from '../../../shaders/d2ace_scores.wgsl?raw';
import distributionSource from '../../../shaders/d2ace_distribution.wgsl?raw';
import sampleSource from '../../../shaders/d2ace_sample.wgsl?raw';
import { defineKernel, linearWorkgroups } from '../../gpu/kernel';

/** Largest k the kNN kernel keeps in registers (MAX_K - 1 neighbours besides the instance). */
export const KNN_MAX_NEIGHBORS = 15;

export const observeKernel = defineKernel({
  name: 'd2ace_observe',
  source: observeSource,
  bindings: {
    params: 'uniform',
    indices: 'read-only-storage',
    probs: 'read-only-storage',
    bce: 'read-only-storage',
    history: 'storage',
    count: 'storage',
    loss: 'storage',
    flips: 'storage',
    uncert: 'storage',
  },
  params: { batch: 'u32', labels: 'u32', window: 'u32', alpha: 'f32', entropy_clamp: 'f32' },
  constants: { WG: 64 },
  workgroups: ({ batch }) => [batch],
});

export const knnKernel = defineKernel({
  name: 'knn',
  source: knnSource,
  bindings: { params: 'uniform', points: 'read-only-storage', neighbors: 'storage' },
  params: { rows: 'u32', features: 'u32', k: 'u32' },
  constants: { WG: 64 },
  workgroups: ({ rows }, { WG }) => [Math.ceil(rows / WG!)],
});

export const localContextKernel = defineKernel({
  name: 'd2ace_local_context',
  source: contextSource,
  bindings: { params: 'uniform', neighbors: 'read-only-storage', labels: 'read-only-storage', context: 'storage' },
  params: { rows: 'u32', labels: 'u32', width: 'u32' },
  constants: { WG: 256 },
  workgroups: ({ rows, labels }, { WG }, limits) => linearWorkgroups(rows * labels, WG!, limits),
});

export const labelStatsKernel = defineKernel({
  name: 'd2ace_label_stats',
  source: `${commonSource}\n${labelStatsSource}`,
  bindings: {
    params: 'uniform',
    uncert: 'read-only-storage',
    loss: 'read-only-storage',
    flips: 'read-only-storage',
    labels: 'read-only-storage',
    stats: 'storage',
  },
  params: { rows: 'u32', labels: 'u32', loss_norm: 'u32' },
  constants: { WG: 256 },
  workgroups: ({ labels }) => [labels],
});

export const maskedNormalizeKernel = defineKernel({
  name: 'd2ace_masked_normalize',
  source: `${commonSource}\n${normalizeSource}`,
  bindings: {
    params: 'uniform',
    uncert: 'read-only-storage',
    loss: 'read-only-storage',
    flips: 'read-only-storage',
    labels: 'read-only-storage',
    stats: 'read-only-storage',
    unit_e: 'storage',
    unit_h: 'storage',
  },
  params: { rows: 'u32', labels: 'u32', loss_norm: 'u32', epsilon: 'f32' },
  constants: { WG: 256 },
  workgroups: ({ rows, labels }, { WG }, limits) => linearWorkgroups(rows * labels, WG!, limits),
});

/** Rows of C accumulate in workgroup memory: L floats plus 2.5 KiB of scratch within 16 KiB. */
export const CORRELATION_MAX_LABELS = 3328;

export const correlationKernel = defineKernel({
  name: 'd2ace_correlation',
  source: `${scanSource}\n${correlationSource}`,
  bindings: { params: 'uniform', labels: 'read-only-storage', unit_e: 'read-only-storage', unit_h: 'read-only-storage', corr: 'storage' },
  params: { rows: 'u32', labels: 'u32', epsilon: 'f32' },
  constants: { WG: 64, MAX_LABELS: 64 },
  workgroups: ({ labels }) => [labels, 2],
});

export const scoresKernel = defineKernel({
  name: 'd2ace_scores',
  source: `${commonSource}\n${scoresSource}`,
  bindings: {
    params: 'uniform',
    uncert: 'read-only-storage',
    loss: 'read-only-storage',
    flips: 'read-only-storage',
    labels: 'read-only-storage',
    context: 'read-only-storage',
    stats: 'read-only-storage',
    corr: 'read-only-storage',
    scores: 'storage',
  },
  params: { rows: 'u32', labels: 'u32', loss_norm: 'u32' },
  constants: { WG: 64 },
  workgroups: ({ rows }, { WG }, limits) => linearWorkgroups(rows, WG!, limits),
});

export const distributionKernel = defineKernel({
  name: 'd2ace_distribution',
  source: distributionSource,
  bindings: { params: 'uniform', scores: 'read-only-storage', pi: 'storage', log_pi: 'storage', status: 'storage' },
  params: { rows: 'u32', log_pressure: 'f32', beta: 'f32' },
  constants: { WG: 256 },
  workgroups: () => [1],
});

export const sampleKernel = defineKernel({
  name: 'd2ace_sample',
  source: `${rngSource}\n${scanSource}\n${sampleSource}`,
  bindings: { params: 'uniform', log_pi: 'read-only-storage', out: 'storage' },
  params: { rows: 'u32', batch: 'u32', seed: 'u32', epoch: 'u32', first_batch: 'u32', batches: 'u32' },
  constants: { WG: 256 },
  workgroups: ({ batches }) => [batches],
});

export const D2ACE_KERNELS = [
  observeKernel,
  knnKernel,
  localContextKernel,
  labelStatsKernel,
  maskedNormalizeKernel,
  scoresKernel,
  distributionKernel,
  sampleKernel,
];
