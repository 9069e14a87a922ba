/** Recency Bias's descriptor (BASELINES "Recency Bias"): options, defaults, validation, GPU selector or twin. */
import { defineMethod, PRESSURE_CHART, PROBABILITY_SPREAD_CHART, requireRuntime } from '../method';
import { DEFAULT_RECENCY_BIAS_CONFIG, RECENCY_BIAS_OPTIONS, recencyBiasProblems, type RecencyBiasConfig } from './config';
import { RecencyBiasTwinSelector } from './cpu-math';
import { RecencyBiasSelector } from './gpu-math';

export const recencyBiasMethod = defineMethod<RecencyBiasConfig>({
  name: 'recency-bias',
  summary: 'Prefers instances whose recent thresholded predictions keep changing: per label, the binary entropy of the last q predictions, averaged over labels, through the value sampler with a decaying pressure.',
  citation: "H. Song, M. Kim, S. Kim, J.-G. Lee. Carpe Diem, Seize the Samples Uncertain 'at the Moment' for Adaptive Batch Selection. CIKM 2020.",
  facts: {
    idea: 'per label, entropy of the fraction of ones among the last q predictions (p > 0.5); U_i = mean over labels; value sampler without min-max',
    statePerInstance: 'L x q-bit windows (three 10-bit windows per u32 word) and a visit count',
    costPerStep: '1 dispatch: B x ceil(L/3) words',
    costPerEpoch: 'U_i (N x L), value sampler, normalisation, all batches',
  },
  defaults: DEFAULT_RECENCY_BIAS_CONFIG,
  options: RECENCY_BIAS_OPTIONS,
  validate: recencyBiasProblems,
  create: (context, config) =>
    context.backend === 'cpu'
      ? new RecencyBiasTwinSelector({ config, warn: context.warn })
      : new RecencyBiasSelector(requireRuntime('recency-bias', context), { config, warn: context.warn }),
  internals: [
    PROBABILITY_SPREAD_CHART,
    PRESSURE_CHART,
    {
      title: 'instance uncertainty U_i',
      series: [
        { label: 'mean U_i', path: ['uncertainty', 'mean'] },
        { label: 'min U_i', path: ['uncertainty', 'min'] },
        { label: 'max U_i', path: ['uncertainty', 'max'] },
      ],
    },
  ],
});
