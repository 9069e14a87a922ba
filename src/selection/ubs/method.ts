/** UBS's descriptor (BASELINES "Uncertainty-guided batch selection"): options, defaults, validation, GPU selector or twin. */
import { defineMethod, PRESSURE_CHART, PROBABILITY_SPREAD_CHART, requireRuntime } from '../method';
import { DEFAULT_UBS_CONFIG, UBS_OPTIONS, ubsConfigProblems, type UbsConfig } from './config';
import { UbsTwinSelector } from './cpu-math';
import { UbsSelector } from './gpu-math';

export const ubsMethod = defineMethod<UbsConfig>({
  name: 'ubs',
  summary:
    "D2ACE's predecessor: D2ACE's per-label uncertainty, quantised to five levels and weighted per label by its mutual information with the other labels' uncertainty, through the value sampler with a decaying pressure. variant 'released' runs it as the authors' code does (no correlation, pressure rising).",
  citation: 'S. Zhou, Y. Liu, Q. Wang, G. Tsoumakas. Uncertainty-guided batch selection with dynamic label correlations for multi-label learning. arXiv 2412.16521.',
  facts: {
    idea: "D2ACE's E quantised to 0.1..0.9; label pair MI of the quantised columns (5 x 5 histograms), rows / max, diagonal 1; w_i = sum_j E~_ij sum_k I_jk; value sampler, pressure 8 -> 1",
    statePerInstance: "D2ACE's: W x L 16-bit history, L x (loss, flip EMA, uncertainty), count",
    costPerStep: "1 dispatch (D2ACE's observe): B x L x W",
    costPerEpoch: 'quantise O(N L), MI O(N L^2 / 2), row normalisation O(L^2), scores O(N L), distribution, all batches',
  },
  defaults: DEFAULT_UBS_CONFIG,
  options: UBS_OPTIONS,
  validate: ubsConfigProblems,
  create: (context, config) => (context.backend === 'cpu' ? new UbsTwinSelector({ config, warn: context.warn }) : new UbsSelector(requireRuntime('ubs', context), { config, warn: context.warn })),
  internals: [
    PROBABILITY_SPREAD_CHART,
    PRESSURE_CHART,
    {
      title: 'label correlation (normalised mutual information)',
      series: [
        { label: 'mean off the diagonal', path: ['correlation', 'meanOffDiagonal'], axis: 'left' },
        { label: 'max off the diagonal', path: ['correlation', 'maxOffDiagonal'], axis: 'left' },
        { label: 'mean label weight c_j', path: ['labelWeights', 'mean'], axis: 'right' },
      ],
    },
  ],
});
