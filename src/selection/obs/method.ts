/** Online Batch Selection's descriptor (BASELINES "Online Batch Selection (Loshchilov and Hutter, 2015)"). */
import { defineMethod, PRESSURE_CHART, PROBABILITY_SPREAD_CHART, requireRuntime } from '../method';
import { DEFAULT_OBS_CONFIG, OBS_OPTIONS, obsConfigProblems, type ObsConfig } from './config';
import { ObsTwinSelector } from './cpu-math';
import { ObsSelector } from './gpu-math';

export const obsMethod = defineMethod<ObsConfig>({
  name: 'obs',
  summary: 'Online Batch Selection: instances ranked by their latest loss (mean BCE over the labels), drawn by the rank sampler with a pressure decaying from 100 to 1.',
  citation: 'I. Loshchilov and F. Hutter, Online Batch Selection for Faster Training of Neural Networks, arXiv:1511.06343 (2015), ICLR 2016 workshop.',
  facts: {
    idea: 'rank instances by loss at their latest visit (or a full evaluation pass); rank sampler p ∝ s^(-r/N), s from 100 to 1 over epochs 10..100',
    statePerInstance: 'loss (f32), visit count (u32)',
    costPerStep: '1 dispatch: B x L',
    costPerEpoch: "rank sampler O(N^2), distribution, all batches; 'full-pass' adds an inference pass over the training set",
  },
  defaults: DEFAULT_OBS_CONFIG,
  options: OBS_OPTIONS,
  validate: obsConfigProblems,
  create: (context, config) => (context.backend === 'cpu' ? new ObsTwinSelector({ config, warn: context.warn }) : new ObsSelector(requireRuntime('obs', context), { config, warn: context.warn })),
  internals: [
    PROBABILITY_SPREAD_CHART,
    PRESSURE_CHART,
    {
      title: 'instance loss',
      series: [
        { label: 'min loss', path: ['loss', 'min'] },
        { label: 'mean loss', path: ['loss', 'mean'] },
        { label: 'max loss', path: ['loss', 'max'] },
      ],
    },
  ],
});
