/** The D2ACE kernels (shaders/d2ace/): each WGSL file's bindings, parameters and dispatch shape; twins in reference.ts. */
import commonSource from '../../../shaders/lib/d2ace_common.wgsl?raw';
import scanSource from '../../../shaders/lib/scan.wgsl?raw';
import observeSource from '../../../shaders/d2ace/observe.wgsl?raw';
import knnSource from '../../../shaders/d2ace/knn.wgsl?raw';
import contextSource from '../../../shaders/d2ace/local_context.wgsl?raw';
import labelStatsSource from '../../../shaders/d2ace/label_stats.wgsl?raw';
import normalizeSource from '../../../shaders/d2ace/masked_normalize.wgsl?raw';
import correlationSource from '../../../shaders/d2ace/correlation.wgsl?raw';
import scoresSource from '../../../shaders/d2ace/scores.wgsl?raw';
import distributionSource from '../../../shaders/d2ace/distribution.wgsl?raw';
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
  params: { batch: 'u32', labels: 'u32', window: 'u32', alpha: 'f32', entropy_clamp: 'f32', nan_mode: 'u32' },
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
  source: labelStatsSource,
  libraries: [commonSource],
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
  source: normalizeSource,
  libraries: [commonSource],
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
  source: correlationSource,
  libraries: [scanSource],
  bindings: { params: 'uniform', labels: 'read-only-storage', unit_e: 'read-only-storage', unit_h: 'read-only-storage', corr: 'storage' },
  params: { rows: 'u32', labels: 'u32', epsilon: 'f32' },
  constants: { WG: 64, MAX_LABELS: 64 },
  workgroups: ({ labels }) => [labels, 2],
});

export const scoresKernel = defineKernel({
  name: 'd2ace_scores',
  source: scoresSource,
  libraries: [commonSource],
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

export const D2ACE_KERNELS = [
  observeKernel,
  localContextKernel,
  labelStatsKernel,
  maskedNormalizeKernel,
  scoresKernel,
  distributionKernel,
];
