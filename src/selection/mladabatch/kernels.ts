/**
 * The MLAdaBatch kernels (shaders/mladabatch/): bindings, parameters and dispatch shapes; twins
 * in reference.ts. The per-step loss is OBS's obs_observe (../obs/kernels.ts), shared, not copied.
 */
import imbalanceWeightsSource from '../../../shaders/mladabatch/imbalance_weights.wgsl?raw';
import labelCountsSource from '../../../shaders/mladabatch/label_counts.wgsl?raw';
import maxRatioWeightsSource from '../../../shaders/mladabatch/max_ratio_weights.wgsl?raw';
import minoritySource from '../../../shaders/mladabatch/minority.wgsl?raw';
import scoreSource from '../../../shaders/mladabatch/score.wgsl?raw';
import { defineKernel, linearWorkgroups } from '../../gpu/kernel';
import { MINORITY_WORKGROUP } from './reference';

export const labelCountsKernel = defineKernel({
  name: 'mladabatch_label_counts',
  source: labelCountsSource,
  bindings: { params: 'uniform', labels: 'read-only-storage', neighbors: 'read-only-storage', positives: 'storage', mismatch_totals: 'storage' },
  params: { rows: 'u32', labels: 'u32', width: 'u32' },
  constants: { WG: 64 },
  // One workgroup per label (a "workgroup size" of 1 label), folded beyond the per-dimension limit.
  workgroups: ({ labels }, _constants, limits) => linearWorkgroups(labels, 1, limits),
});

export const minorityKernel = defineKernel({
  name: 'mladabatch_minority',
  source: minoritySource,
  bindings: { params: 'uniform', positives: 'read-only-storage', minority: 'storage' },
  params: { labels: 'u32' },
  // The order of the f32 sum of ratios depends on WG: the twin is told the same.
  constants: { WG: MINORITY_WORKGROUP },
  workgroups: () => [1],
});

export const imbalanceWeightsKernel = defineKernel({
  name: 'mladabatch_imbalance_weights',
  source: imbalanceWeightsSource,
  bindings: {
    params: 'uniform',
    labels: 'read-only-storage',
    neighbors: 'read-only-storage',
    minority: 'read-only-storage',
    mismatch_totals: 'read-only-storage',
    weights: 'storage',
  },
  params: { rows: 'u32', labels: 'u32', width: 'u32' },
  constants: { WG: 64 },
  workgroups: ({ rows }, { WG }, limits) => linearWorkgroups(rows, WG!, limits),
});

export const scoreKernel = defineKernel({
  name: 'mladabatch_score',
  source: scoreSource,
  bindings: { params: 'uniform', loss: 'read-only-storage', weights: 'read-only-storage', scores: 'storage' },
  params: { rows: 'u32' },
  constants: { WG: 256 },
  workgroups: ({ rows }, { WG }, limits) => linearWorkgroups(rows, WG!, limits),
});

export const maxRatioWeightsKernel = defineKernel({
  name: 'mladabatch_max_ratio_weights',
  source: maxRatioWeightsSource,
  bindings: { params: 'uniform', scores: 'read-only-storage', log_w: 'storage' },
  params: { rows: 'u32', log_pressure: 'f32' },
  constants: { WG: 256 },
  workgroups: () => [1],
});

/** Run once, before training, when imbalanceWeights is on. */
export const IMBALANCE_KERNELS = [labelCountsKernel, minorityKernel, imbalanceWeightsKernel];
/** Run every selection epoch. */
export const EPOCH_KERNELS = [scoreKernel, maxRatioWeightsKernel];
