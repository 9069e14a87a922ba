/** The UBS kernels (shaders/ubs/): bindings, parameters and dispatch shapes; twins in reference.ts. */
import quantizeSource from '../../../shaders/ubs/quantize.wgsl?raw';
import mutualInformationSource from '../../../shaders/ubs/mutual_information.wgsl?raw';
import normalizeSource from '../../../shaders/ubs/normalize_correlation.wgsl?raw';
import scoresSource from '../../../shaders/ubs/scores.wgsl?raw';
import { defineKernel, linearWorkgroups } from '../../gpu/kernel';

export const ubsQuantizeKernel = defineKernel({
  name: 'ubs_quantize',
  source: quantizeSource,
  bindings: { params: 'uniform', uncert: 'read-only-storage', bins: 'storage' },
  params: { entries: 'u32' },
  constants: { WG: 256 },
  workgroups: ({ entries }, { WG }, limits) => linearWorkgroups(entries, WG!, limits),
});

export const ubsMutualInformationKernel = defineKernel({
  name: 'ubs_mutual_information',
  source: mutualInformationSource,
  bindings: { params: 'uniform', bins: 'read-only-storage', mi: 'storage' },
  params: { rows: 'u32', labels: 'u32' },
  constants: { WG: 64 },
  workgroups: ({ labels }, { WG }) => [Math.ceil(labels / WG!), labels],
});

export const ubsNormalizeCorrelationKernel = defineKernel({
  name: 'ubs_normalize_correlation',
  source: normalizeSource,
  bindings: { params: 'uniform', mi: 'read-only-storage', corr: 'storage', weights: 'storage' },
  params: { labels: 'u32' },
  constants: { WG: 64 },
  workgroups: ({ labels }) => [labels],
});

export const ubsScoresKernel = defineKernel({
  name: 'ubs_scores',
  source: scoresSource,
  bindings: { params: 'uniform', bins: 'read-only-storage', weights: 'read-only-storage', scores: 'storage' },
  params: { rows: 'u32', labels: 'u32' },
  constants: { WG: 64 },
  workgroups: ({ rows }, { WG }, limits) => linearWorkgroups(rows, WG!, limits),
});

export const UBS_KERNELS = [ubsQuantizeKernel, ubsMutualInformationKernel, ubsNormalizeCorrelationKernel, ubsScoresKernel];
