/** Active Bias's descriptor (BASELINES "Active Bias"): options, defaults, and its GPU selector or twin. */
import { defineMethod, PROBABILITY_SPREAD_CHART, requireRuntime } from '../method';
import { DEFAULT_ACTIVE_BIAS_CONFIG, type ActiveBiasConfig } from './config';
import { createActiveBiasTwinSelector } from './cpu-math';
import { createActiveBiasGpuSelector } from './gpu-math';

export const activeBiasMethod = defineMethod<ActiveBiasConfig>({
  name: 'active-bias',
  summary: 'Emphasises uncertain instances: the standard deviation of each label\'s predicted probability over all visits, summed over labels plus a small epsilon, either as sampling probabilities or as loss weights.',
  citation: 'Chang, Learned-Miller, McCallum. Active Bias: Training More Accurate Neural Networks by Emphasizing High Variance Samples. NeurIPS 2017.',
  facts: {
    idea: 'prediction variance over visits (Welford, population variance, small-sample corrected std), p ∝ sum_j std_ij + eps or loss weights score / batch mean',
    statePerInstance: 'visit count, L x (running mean, M2)',
    costPerStep: '1 dispatch: B x L',
    costPerEpoch: 'scores N x L; sampling: distribution and all batches; weighting: one score tensor',
  },
  defaults: DEFAULT_ACTIVE_BIAS_CONFIG,
  options: [
    { key: 'mode', flag: '--mode <mode>', type: 'string', choices: ['sampling', 'weighting'], help: "'sampling' (p proportional to the score) or 'weighting' (uniform batches, losses weighted by score / batch mean)" },
    { key: 'epsilon', flag: '--epsilon <e>', type: 'number', above: 0, help: 'added to each instance\'s summed standard deviation' },
    { key: 'warmupEpochs', flag: '--warmup-epochs <n>', type: 'integer', schedule: 'start', minimum: 0, help: 'epochs before selection starts' },
  ],
  create: (context, config) =>
    context.backend === 'cpu' ? createActiveBiasTwinSelector(config, context.warn) : createActiveBiasGpuSelector(requireRuntime('active-bias', context), config, context.warn),
  internals: [
    PROBABILITY_SPREAD_CHART,
    {
      title: 'Active Bias scores',
      series: [
        { label: 'mean score', path: ['scores', 'mean'], axis: 'left' },
        { label: 'max score', path: ['scores', 'max'], axis: 'left' },
        { label: 'min score', path: ['scores', 'min'], axis: 'left' },
      ],
    },
  ],
});
