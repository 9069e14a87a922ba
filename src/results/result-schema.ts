/**
 * The result file of one run: a versioned JSON Schema (draft 2020-12), validated with Ajv on
 * write and on read. Metric values are numbers, or null where a metric is undefined (a NaN,
 * e.g. macro-AUC when no label has both classes). Bump RESULT_SCHEMA_VERSION on any change.
 */
import { METRIC_NAMES } from '../metrics/names';
import { METHOD_NAMES } from '../selection/registry';

/**
 * v2: methods come from the registry, config.methodOptions replaces config.d2ace, and `selection`
 * records the resolved options.
 * v3: `recipe` (the recipe and what the config changed of it), `adjustments` (schedules fitted to
 * the run), `metricDefinitions` ('authors': the definitions of the authors' evaluation code;
 * older files say 'scikit-learn'), the best-epoch criterion, and each epoch's `selectionScore`.
 * v4: `trainingCoverage` (the share of the training set each epoch visits, draws per instance over the
 * run; null in files read from v3) and each epoch's `trainingCoverage` (not the ranking metric `coverage`);
 * `resources` (tensor, byte and buffer counts at the start and end of training, leak flag) and
 * each epoch's, optional (the first v4 files have none).
 * v5: the CPU runtime. `environment.compute` (WebGPU or the CPU runtime, tfjs's backend, SIMD and
 * threads, and why that runtime was used); `environment.adapter` null when no WebGPU adapter was
 * used; `readbacks` null on the CPU runtime (not applicable); config.runtime may be 'auto' or 'cpu'.
 */
export const RESULT_SCHEMA_VERSION = 5;

/** What results written before v3 computed: scikit-learn's samples averaging, p >= 0.5 predicts. */
export const METRIC_DEFINITIONS = ['authors', 'scikit-learn'] as const;

const metric = { type: ['number', 'null'] };
const metrics = {
  type: 'object',
  required: [...METRIC_NAMES],
  properties: Object.fromEntries(METRIC_NAMES.map((m) => [m, metric])),
  additionalProperties: false,
};
const count = { type: 'integer', minimum: 0 };
const ms = { type: 'number', minimum: 0 };
const resourceCounts = { type: 'object', required: ['tensors', 'bytes', 'buffers'], additionalProperties: false, properties: { tensors: count, bytes: count, buffers: count } };
const share = { type: 'number', minimum: 0, maximum: 1 };
const drawCounts = {
  type: 'object',
  required: ['min', 'median', 'max'],
  additionalProperties: false,
  properties: { min: { type: 'number', minimum: 0 }, median: { type: 'number', minimum: 0 }, max: { type: 'number', minimum: 0 } },
};

export const resultSchema = {
  $id: 'https://d2ace-webgpu/result-v5.json',
  title: 'd2ace-webgpu run result',
  type: 'object',
  required: ['schema', 'version', 'status', 'createdAt', 'finishedAt', 'config', 'dataset', 'environment', 'model', 'selection', 'history', 'best', 'test', 'timings', 'readbacks', 'recipe', 'adjustments', 'metricDefinitions', 'trainingCoverage'],
  additionalProperties: false,
  properties: {
    schema: { const: 'd2ace-run' },
    version: { const: RESULT_SCHEMA_VERSION },
    status: { enum: ['complete', 'interrupted'] },
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    configHash: { type: 'string', pattern: '^[0-9a-f]{16}$' },
    config: {
      type: 'object',
      required: ['dataset', 'method', 'selectorBackend', 'model', 'epochs', 'batch', 'lr', 'seed', 'split', 'fold', 'runtime'],
      properties: {
        dataset: { type: 'string' },
        method: { enum: [...METHOD_NAMES] },
        label: { type: 'string', minLength: 1 },
        methodOptions: { type: 'object' },
        selectorBackend: { enum: ['gpu', 'cpu'] },
        model: { enum: ['mlp', 'clif'] },
        epochs: { type: 'integer', minimum: 1 },
        batch: { type: 'integer', minimum: 1 },
        lr: { type: 'number', exclusiveMinimum: 0 },
        seed: count,
        split: { enum: ['official', 'cv5'] },
        fold: count,
        runtime: { enum: ['auto', 'node', 'cpu', 'browser'] },
      },
    },
    dataset: {
      type: 'object',
      required: ['name', 'labelSource', 'raw', 'processed', 'protocol', 'split', 'sizes'],
      properties: {
        name: { type: 'string' },
        files: { type: 'array', items: { type: 'string' } },
        labelSource: { type: 'string' },
        raw: { type: 'object', required: ['instances', 'features', 'labels'] },
        processed: { type: 'object', required: ['instances', 'features', 'labels', 'cardinality'] },
        protocol: { type: 'object', required: ['minPositives', 'droppedLabels', 'droppedInstances', 'keptFeatures'] },
        split: { type: 'object', required: ['kind'] },
        sizes: {
          type: 'object',
          required: ['train', 'validation', 'test'],
          properties: { train: count, validation: count, test: count },
        },
      },
    },
    environment: {
      type: 'object',
      required: ['runtime', 'compute', 'host', 'route', 'adapter', 'tfjs', 'package'],
      properties: {
        runtime: { enum: ['node', 'browser'] },
        compute: {
          type: 'object',
          required: ['kind', 'tfjsBackend', 'simd', 'threads', 'reason'],
          additionalProperties: false,
          properties: {
            kind: { enum: ['webgpu', 'cpu'] },
            tfjsBackend: { type: 'string' },
            simd: { type: ['boolean', 'null'] },
            threads: { type: ['integer', 'null'], minimum: 1 },
            reason: { type: 'string' },
          },
        },
        host: { type: 'string' },
        route: { type: 'string' },
        adapter: { oneOf: [{ type: 'null' }, { type: 'object', required: ['vendor', 'architecture', 'software'] }] },
        tfjs: { type: 'object', required: ['version', 'backend'] },
        package: { type: 'object', required: ['name', 'version'] },
      },
    },
    selection: {
      type: 'object',
      required: ['method', 'backend', 'options'],
      additionalProperties: false,
      properties: { method: { enum: [...METHOD_NAMES] }, backend: { enum: ['gpu', 'cpu'] }, options: { type: 'object' } },
    },
    recipe: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['name', 'model', 'settings', 'overrides'],
          properties: { name: { type: 'string' }, model: { enum: ['mlp', 'clif'] }, settings: { type: 'object' }, overrides: { type: 'object' } },
        },
      ],
    },
    adjustments: { type: 'array', items: { type: 'string' } },
    metricDefinitions: { enum: [...METRIC_DEFINITIONS] },
    model: { type: 'object', required: ['kind', 'parameters'], properties: { kind: { enum: ['mlp', 'clif'] }, parameters: count } },
    history: {
      type: 'array',
      items: {
        type: 'object',
        required: ['epoch', 'trainLoss', 'learningRate', 'validation', 'selector', 'timings'],
        additionalProperties: false,
        properties: {
          epoch: count,
          trainLoss: { type: ['number', 'null'] },
          learningRate: { type: 'number', minimum: 0 },
          validation: metrics,
          selectionScore: metric,
          selector: { type: 'object', required: ['method', 'epoch'] },
          resources: resourceCounts,
          trainingCoverage: { type: 'object', required: ['visited', 'share', 'draws'], additionalProperties: false, properties: { visited: count, share, draws: drawCounts } },
          timings: {
            type: 'object',
            required: ['trainMs', 'selectionMs', 'evaluationMs'],
            properties: { trainMs: ms, selectionMs: ms, evaluationMs: ms },
          },
        },
      },
    },
    best: {
      oneOf: [{ type: 'null' }, { type: 'object', required: ['epoch', 'validationMacroAuc'], properties: { epoch: count, criterion: { enum: ['macro_auc', 'macro_averaging_auc'] }, validationScore: metric, validationMacroAuc: metric } }],
    },
    test: {
      oneOf: [{ type: 'null' }, { type: 'object', required: ['best', 'last'], additionalProperties: false, properties: { best: metrics, last: metrics } }],
    },
    timings: {
      type: 'object',
      required: ['setupMs', 'trainMs', 'selectionMs', 'evaluationMs', 'totalMs'],
      properties: { setupMs: ms, trainMs: ms, selectionMs: ms, evaluationMs: ms, totalMs: ms },
    },
    resources: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['start', 'end', 'growthSinceMidRun', 'leak'],
          additionalProperties: false,
          properties: { start: resourceCounts, end: resourceCounts, growthSinceMidRun: { type: 'object', required: ['tensors', 'buffers'], additionalProperties: false, properties: { tensors: { type: 'integer' }, buffers: { type: 'integer' } } }, leak: { type: 'boolean' } },
        },
      ],
    },
    trainingCoverage: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['instances', 'meanShare', 'meanShareSelection', 'minShare', 'draws', 'neverDrawn'],
          additionalProperties: false,
          properties: { instances: count, meanShare: share, meanShareSelection: { oneOf: [{ type: 'null' }, share] }, minShare: share, draws: drawCounts, neverDrawn: count },
        },
      ],
    },
    readbacks: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['total', 'duringSteps', 'steps', 'perStep', 'bySource'],
          properties: { total: count, duringSteps: count, steps: count, perStep: { type: 'number', minimum: 0 }, bySource: { type: 'object' } },
        },
      ],
    },
  },
} as const;
