/** D2ACE's descriptor: options, defaults, validation, and its GPU selector or twin. */
import { defineMethod, PROBABILITY_SPREAD_CHART, requireRuntime } from '../method';
import { d2aceConfigProblems, DEFAULT_D2ACE_CONFIG, type D2aceConfig } from './config';
import { CpuD2aceSelector } from './cpu-math';
import { GpuD2aceSelector } from './gpu-math';

export const d2aceMethod = defineMethod<D2aceConfig>({
  name: 'd2ace',
  summary: 'Uncertainty and noise-resistant hardness with dynamic label weights and kNN label-correlation enhancement, mixed stage-wise from uncertainty-first to hardness-first.',
  citation: 'D2ACE batch selection for deep multi-label classification (IJCAI-ECAI 2026).',
  facts: {
    idea: 'per-label uncertainty (prediction changes + entropy) and hardness (loss discounted by flips), label weights, local kNN label correlations, beta mixture',
    statePerInstance: 'W x L 16-bit history, L x (loss, flip EMA, uncertainty), count, kNN context row',
    costPerStep: '1 dispatch: B x L x W',
    costPerEpoch: 'label stats, two sparse L x L correlations O(L N + nnz(Y) L), scores, distribution, all batches',
  },
  defaults: DEFAULT_D2ACE_CONFIG,
  options: [
    { key: 'window', flag: '--window <n>', type: 'integer', minimum: 2, help: 'history window W' },
    { key: 'alpha', flag: '--alpha <a>', type: 'number', minimum: 0, maximum: 1, help: 'flip EMA weight' },
    { key: 'neighbors', flag: '--neighbors <k>', type: 'integer', minimum: 0, help: 'kNN neighbours of the local label context' },
    { key: 'warmupEpochs', flag: '--warmup-epochs <n>', type: 'integer', schedule: 'start', minimum: 0, help: 'epochs before selection starts' },
    { key: 'pressureStart', flag: '--pressure-start <s>', type: 'number', minimum: 1, help: 'selection pressure until the decay starts' },
    { key: 'pressureEnd', flag: '--pressure-end <s>', type: 'number', minimum: 1, help: 'selection pressure at the end of the decay' },
    { key: 'pressureDecayStart', flag: '--pressure-decay-start <e>', type: 'integer', schedule: 'start', minimum: 0, help: 'first epoch of the pressure decay' },
    { key: 'pressureDecayEnd', flag: '--pressure-decay-end <e>', type: 'integer', schedule: 'end', minimum: 0, help: 'epoch the decay ends (default: --epochs)' },
    { key: 'betaStart', flag: '--beta-start <b>', type: 'number', minimum: 0, maximum: 1, help: 'mixture weight of uncertainty at the start' },
    { key: 'betaEnd', flag: '--beta-end <b>', type: 'number', minimum: 0, maximum: 1, help: 'mixture weight of uncertainty at the end' },
    { key: 'betaRangeStart', flag: '--beta-range-start <e>', type: 'integer', schedule: 'start', minimum: 0, help: 'first epoch of the beta ramp' },
    { key: 'betaRangeEnd', flag: '--beta-range-end <e>', type: 'integer', schedule: 'end', minimum: 0, help: 'last epoch of the beta ramp' },
    { key: 'lossNorm', flag: '--loss-norm <mode>', type: 'string', choices: ['reference', 'bounded'], help: "'reference' (2 - exp(-l), the authors' code) or 'bounded' (1 - exp(-l))" },
    {
      key: 'nan',
      flag: '--nan <mode>',
      type: 'string',
      choices: ['defined', 'reference'],
      help: "'defined' (the spec: no NaN in E) or 'reference' (E is NaN after a first visit and at a saturated sigmoid, as in the authors' code, whose uncertainty distribution then silently becomes uniform)",
    },
    {
      key: 'draw',
      flag: '--draw <mode>',
      type: 'string',
      choices: ['independent', 'epoch'],
      help: "'independent' (each batch its own weighted draw, the reference: about 63% of the set per epoch) or 'epoch' (one weighted permutation per epoch cut into batches: every instance once, pi decides the order)",
    },
    { key: 'entropyClamp', flag: '--entropy-clamp <c>', type: 'number', above: 0, maximum: 0.5, help: 'probabilities are clamped to [c, 1 - c] in the entropy' },
    { key: 'epsilon', flag: '--epsilon <e>', type: 'number', above: 0, help: 'added to norms and sums before dividing' },
  ],
  validate: d2aceConfigProblems,
  create: (context, config) => (context.backend === 'cpu' ? new CpuD2aceSelector({ config, warn: context.warn }) : new GpuD2aceSelector(requireRuntime('d2ace', context), { config, warn: context.warn })),
  internals: [
    {
      title: 'beta and pressure',
      series: [
        { label: 'beta', path: ['beta'], axis: 'left' },
        { label: 'pressure', path: ['pressure'], axis: 'right' },
      ],
    },
    PROBABILITY_SPREAD_CHART,
    {
      title: 'mean label weights',
      series: [
        { label: 'uncertainty weight vE', path: ['labelWeights', 'uncertainty'] },
        { label: 'hardness weight vH', path: ['labelWeights', 'hardness'] },
      ],
    },
  ],
});
