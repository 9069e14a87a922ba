/** MLAdaBatch's descriptor (BASELINES "Hard and imbalanced samples (Zhou, Liu, Wang, Tsoumakas, ECML-PKDD 2024)"). */
import { defineMethod, PROBABILITY_SPREAD_CHART, requireRuntime } from '../method';
import { DEFAULT_MLADABATCH_CONFIG, MLADABATCH_OPTIONS, type MlAdaBatchConfig } from './config';
import { MlAdaBatchTwinSelector } from './cpu-math';
import { MlAdaBatchSelector } from './gpu-math';

export const mladabatchMethod = defineMethod<MlAdaBatchConfig>({
  name: 'mladabatch',
  summary:
    'Hard and imbalanced samples first: the latest instance loss (mean BCE) times an imbalance weight from minority labels whose 5 nearest neighbours disagree, drawn with p ∝ s^(ceil(N score / max score) / N) at a constant pressure.',
  citation: 'A. Zhou, B. Liu, J. Wang, G. Tsoumakas. Multi-Label Adaptive Batch Selection by Highlighting Hard and Imbalanced Samples. ECML-PKDD 2024, arXiv:2403.18192.',
  facts: {
    idea: 'latest instance loss x W_i (1 + normalised share of disagreeing 5-NN per minority label, computed once); p ∝ s^(ceil(N score/max)/N), constant s (default 2)',
    statePerInstance: 'loss (f32), visit count (u32), W_i (f32, fixed), score (f32)',
    costPerStep: '1 dispatch: B x L',
    costPerEpoch: 'scores O(N), max-ratio weights O(N), distribution, all batches; once: kNN (k = 5) and W O(N L k)',
  },
  defaults: DEFAULT_MLADABATCH_CONFIG,
  options: MLADABATCH_OPTIONS,
  create: (context, config) =>
    context.backend === 'cpu'
      ? new MlAdaBatchTwinSelector({ config, warn: context.warn })
      : new MlAdaBatchSelector(requireRuntime('mladabatch', context), { config, warn: context.warn }),
  internals: [
    PROBABILITY_SPREAD_CHART,
    {
      title: 'instance loss and score (loss x W)',
      series: [
        { label: 'mean loss', path: ['loss', 'mean'] },
        { label: 'max loss', path: ['loss', 'max'] },
        { label: 'mean score', path: ['score', 'mean'] },
        { label: 'max score', path: ['score', 'max'] },
      ],
    },
  ],
});
