/**
 * src/results: what a result file is. This file builds and validates one run's result
 * (browser-safe); result-schema.ts is its versioned JSON Schema, config-hash.ts the identity of
 * the settings a run computed with, result-file.ts reading (with migration of older schema
 * versions) and atomic writing, collect.ts finding result files. The sweep writes results and
 * the report reads them; this folder imports neither.
 */
import { configHash } from './config-hash';
import Ajv2020 from 'ajv/dist/2020.js';
import type { PreparedDataset } from '../data/prepare-core';
import { datasetStats } from '../data/stats';
import { describeCpuRuntime, type CpuRuntime } from '../cpu/runtime';
import type { DoctorReport } from '../gpu/doctor';
import type { TrainConfig } from '../train/config';
import type { TrainingOutcome } from '../train/trainer';
import { selectionMethod } from '../selection/registry';
import { recipeNamed, recipeOverrides, type RecipeSettings } from '../train/recipes';
import { METRIC_DEFINITIONS, RESULT_SCHEMA_VERSION, resultSchema } from './result-schema';

export const PACKAGE = { name: 'd2ace-webgpu', version: '0.1.0' };

export interface RunResult extends TrainingOutcome {
  schema: 'd2ace-run';
  version: typeof RESULT_SCHEMA_VERSION;
  createdAt: string;
  finishedAt: string;
  config: TrainConfig;
  /** configHash(config): resuming compares it with the planned run's (absent in files before it existed). */
  configHash?: string;
  /** The recipe the config started from, and the settings it changed (null before schema v3). */
  recipe: { name: string; model: string; settings: RecipeSettings; overrides: Partial<RecipeSettings> } | null;
  /** 'authors' since v3 (metrics/): how the metrics in this file are defined. */
  metricDefinitions: (typeof METRIC_DEFINITIONS)[number];
  dataset: {
    name: string;
    files: string[];
    labelSource: string;
    raw: { instances: number; features: number; labels: number };
    processed: ReturnType<typeof datasetStats>;
    protocol: PreparedDataset['protocol'];
    split: PreparedDataset['split'] & { validationFraction: number; seed: number };
    sizes: { train: number; validation: number; test: number };
  };
  environment: {
    /** Where it ran: Node or a browser page. */
    runtime: DoctorReport['runtime'];
    /** What it ran on: WebGPU, or the CPU runtime (tfjs wasm and the method's twin), and why. */
    compute: ComputeRecord;
    host: string;
    route: string;
    /** The WebGPU adapter used; null on the CPU runtime. */
    adapter: DoctorReport['adapter'] | null;
    features: string[];
    tfjs: { version: string; backend: string };
    package: typeof PACKAGE;
  };
}

/** What the dataset part of a result says, from a prepared dataset. */
export function describePrepared(prepared: PreparedDataset): RunResult['dataset'] {
  const f = prepared.source.files;
  return {
    name: f.name,
    files: [f.train, f.test, f.full].filter((x): x is string => !!x).map((p) => p.split(/[\\/]/).slice(-2).join('/')),
    labelSource: prepared.source.labelSource.split(/[\\/]/).slice(-2).join('/'),
    raw: prepared.source.raw,
    processed: datasetStats(prepared.data),
    protocol: prepared.protocol,
    split: { ...prepared.split, validationFraction: prepared.validationFraction, seed: prepared.seed },
    sizes: { train: prepared.train.length, validation: prepared.validation.length, test: prepared.test.length },
  };
}

export interface ComputeRecord {
  kind: 'webgpu' | 'cpu';
  /** tfjs's backend: 'webgpu', 'wasm' or 'cpu'. */
  tfjsBackend: string;
  /** WebAssembly SIMD and threads on the CPU runtime; null on WebGPU. */
  simd: boolean | null;
  threads: number | null;
  /** Why this runtime: named by the config, or what 'auto' found. */
  reason: string;
}

/** The environment of a run on WebGPU, from its doctor report. */
export function describeEnvironment(report: Pick<DoctorReport, 'runtime' | 'host' | 'route' | 'adapter' | 'features' | 'tfjs'>, reason = 'named by the config'): RunResult['environment'] {
  return {
    runtime: report.runtime,
    compute: { kind: 'webgpu', tfjsBackend: report.tfjs.backend, simd: null, threads: null, reason },
    host: report.host,
    route: report.route,
    adapter: report.adapter,
    features: report.features,
    tfjs: { version: report.tfjs.version, backend: report.tfjs.backend },
    package: PACKAGE,
  };
}

/** The run's recipe and what its config changed of it. */
export function recipeRecord(config: TrainConfig): RunResult['recipe'] {
  const recipe = recipeNamed(config.recipe);
  return { name: recipe.name, model: recipe.model, settings: structuredClone(recipe.settings) as RecipeSettings, overrides: recipeOverrides(recipe, config) };
}

export function assembleResult(
  config: TrainConfig,
  dataset: RunResult['dataset'],
  environment: RunResult['environment'],
  outcome: TrainingOutcome,
  createdAt: Date,
): RunResult {
  // A JSON round trip turns NaN metrics into null, as the schema expects.
  return JSON.parse(
    JSON.stringify({
      schema: 'd2ace-run',
      version: RESULT_SCHEMA_VERSION,
      createdAt: createdAt.toISOString(),
      finishedAt: new Date().toISOString(),
      config,
      configHash: configHash(config),
      recipe: recipeRecord(config),
      metricDefinitions: 'authors',
      dataset,
      environment,
      ...outcome,
    }),
  ) as RunResult;
}

let validator: ReturnType<Ajv2020['compile']> | undefined;

/**
 * A result of an earlier schema version, brought to the current one in memory (files are
 * never rewritten): v1 kept D2ACE's options in config.d2ace and had no `selection` record; v2
 * had no recipe, adjustments or metric definitions (its metrics are scikit-learn's); v3 had no
 * coverage record; v4 had no compute record (every run was on WebGPU).
 */
export function migrateResult(value: unknown): unknown {
  const r = value as { schema?: unknown; version?: unknown };
  if (r?.schema !== 'd2ace-run') return value;
  if (r.version === 1) return migrateResult(migrateV1(value));
  if (r.version === 2) return migrateResult({ ...(value as object), version: 3, recipe: null, adjustments: [], metricDefinitions: 'scikit-learn' });
  if (r.version === 3) return migrateResult({ ...(value as object), version: 4, trainingCoverage: null });
  if (r.version === 4) return migrateV4(value);
  return value;
}

/** Every run before v5 was on WebGPU. */
function migrateV4(value: unknown): unknown {
  const r = value as { environment?: { tfjs?: { backend?: unknown } } };
  if (typeof r.environment !== 'object' || r.environment === null) return { ...(value as object), version: RESULT_SCHEMA_VERSION };
  const tfjsBackend = typeof r.environment.tfjs?.backend === 'string' ? r.environment.tfjs.backend : 'webgpu';
  const compute: ComputeRecord = { kind: 'webgpu', tfjsBackend, simd: null, threads: null, reason: 'written before the CPU runtime existed' };
  return { ...(value as object), version: RESULT_SCHEMA_VERSION, environment: { ...r.environment, compute } };
}

/** The environment of a run on the CPU runtime (no WebGPU adapter in use). */
export function describeCpuEnvironment(rt: CpuRuntime, reason: string): RunResult['environment'] {
  return {
    runtime: rt.host,
    compute: { kind: 'cpu', tfjsBackend: rt.tfjsBackend, simd: rt.simd, threads: rt.threads, reason },
    host: rt.host === 'node' ? `Node.js ${globalThis.process?.version ?? '?'}` : (globalThis.navigator?.userAgent ?? 'browser'),
    route: describeCpuRuntime(rt),
    adapter: null,
    features: [],
    tfjs: { version: rt.tfjsVersion, backend: rt.tfjsBackend },
    package: PACKAGE,
  };
}

/** One line for reports: what a run computed on. */
export function describeCompute(environment: RunResult['environment']): string {
  const c = environment.compute;
  if (c.kind === 'cpu') {
    const wasm = c.tfjsBackend === 'wasm' ? `tfjs wasm (${c.simd ? 'SIMD' : 'no SIMD'}, ${c.threads ?? 1} thread${c.threads === 1 || c.threads === null ? '' : 's'})` : `tfjs ${c.tfjsBackend}`;
    return `CPU runtime, ${wasm}, in ${environment.runtime}`;
  }
  const a = environment.adapter;
  const name = a ? [a.vendor, a.architecture].filter(Boolean).join(' / ') || 'unknown adapter' : 'unknown adapter';
  return `WebGPU in ${environment.runtime}, ${name}${a?.software ? ' (software adapter: timings say little about a real GPU)' : ''}`;
}

function migrateV1(value: unknown): unknown {
  const r = value as { schema?: unknown; version?: unknown; config?: Record<string, unknown>; selection?: unknown };
  if (typeof r.config !== 'object' || r.config === null) return value;
  const { d2ace, ...config } = r.config as { d2ace?: Record<string, unknown>; method?: string; selectorBackend?: string };
  const method = String(config.method);
  const options = method === 'd2ace' ? { ...(d2ace ?? {}) } : {};
  let resolved: Record<string, unknown> = options;
  try {
    resolved = selectionMethod(method).resolve(options) as Record<string, unknown>;
  } catch {
    // Left as given: validation then names what is wrong.
  }
  return { ...r, version: 2, config: { ...config, methodOptions: { [method]: options } }, selection: { method, backend: config.selectorBackend ?? 'gpu', options: resolved } };
}

/** Throws an error naming `source` and every schema violation (path: problem). */
export function validateResult(value: unknown, source: string): asserts value is RunResult {
  // Callers that read files pass the output of migrateResult; this checks the current schema.
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
    validator = ajv.compile(resultSchema);
  }
  if (!validator(value)) {
    const problems = (validator.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    throw new Error(`${source}: not a valid d2ace result (schema v${RESULT_SCHEMA_VERSION}): ${problems.join('; ')}`);
  }
}
