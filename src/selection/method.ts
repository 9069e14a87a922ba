/**
 * A selection method as a self-describing plug-in: its name, what it is, its options (with
 * defaults, validation, CLI flags and a JSON Schema fragment, all from one option table), how
 * to build its BatchSelector, and which of its internals the report draws. The trainer, the
 * CLI, the schemas, the report and the demo read these descriptors (registry.ts) and never
 * name a method.
 */
import type { GpuRuntime } from '../gpu/runtime';
import type { BatchSelector } from './selector';
import { didYouMean } from '../util/did-you-mean';

export type SelectorBackend = 'gpu' | 'cpu';
export type OptionType = 'number' | 'integer' | 'string' | 'boolean';

export interface MethodOption {
  /** The key in the method's config object (and in experiment files). */
  key: string;
  /** The CLI flag with its argument, e.g. '--window <n>'. Methods may share a flag of the same key and type. */
  flag: string;
  type: OptionType;
  help: string;
  choices?: readonly string[];
  minimum?: number;
  maximum?: number;
  /** Strictly greater than this. */
  above?: number;
  /**
   * An epoch of the method's schedule: a 'start' (warm-up length, first epoch of a ramp) must
   * be below the run's epoch count, an 'end' (last epoch of a ramp) at most that count. See
   * ./fit-schedule.ts for what happens when one does not fit.
   */
  schedule?: 'start' | 'end';
}

/** What the README's table of methods and `d2ace methods` say about a method. */
export interface MethodFacts {
  idea: string;
  statePerInstance: string;
  costPerStep: string;
  costPerEpoch: string;
}

/** One chart of selector internals in the report: series are paths into inspect()'s record. */
export interface InternalChart {
  title: string;
  series: ReadonlyArray<{ label: string; path: readonly string[]; axis?: 'left' | 'right' }>;
}

export interface SelectorContext {
  backend: SelectorBackend;
  /** Needed by the 'gpu' backend; the twin ('cpu') runs without one. */
  runtime?: GpuRuntime;
  /** Where warnings go (fallbacks to uniform); console.warn by default. */
  warn?: (message: string) => void;
}

export interface SelectionMethod<C extends object = Record<string, unknown>> {
  name: string;
  summary: string;
  citation: string;
  facts: MethodFacts;
  defaults: Readonly<C>;
  options: readonly MethodOption[];
  /** JSON Schema of the method's options object (from the option table). */
  schema: Record<string, unknown>;
  /** The full config from overrides; throws ONE error listing every problem. */
  resolve(overrides?: Partial<C> | Record<string, unknown>): C;
  /** A selector of this method, on the GPU or as the TypeScript twin. */
  create(context: SelectorContext, config: C): BatchSelector;
  internals: readonly InternalChart[];
}

export interface MethodDefinition<C extends object> extends Omit<SelectionMethod<C>, 'schema' | 'resolve'> {
  /** Checks across options (ranges that depend on each other); one string per problem. */
  validate?(config: C): string[];
}

/** The method's option problems: unknown keys, wrong types, ranges and choices. */
export function optionProblems(options: readonly MethodOption[], values: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const known = new Map(options.map((o) => [o.key, o]));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) problems.push(`unknown option '${key}'${didYouMean(key, [...known.keys()])} (options: ${options.map((o) => o.key).join(', ') || 'none'})`);
  }
  for (const o of options) {
    const v = values[o.key];
    if (v === undefined) continue;
    if (o.type === 'string') {
      if (typeof v !== 'string' || (o.choices && !o.choices.includes(v))) {
        problems.push(`${o.key} must be ${o.choices ? o.choices.map((c) => `'${c}'`).join(' or ') : 'a string'}, got ${JSON.stringify(v)}`);
      }
      continue;
    }
    if (o.type === 'boolean') {
      if (typeof v !== 'boolean') problems.push(`${o.key} must be true or false, got ${JSON.stringify(v)}`);
      continue;
    }
    const isNumber = typeof v === 'number' && Number.isFinite(v);
    const range = [o.minimum !== undefined ? `>= ${o.minimum}` : '', o.above !== undefined ? `> ${o.above}` : '', o.maximum !== undefined ? `<= ${o.maximum}` : ''].filter(Boolean).join(' and ');
    const kind = o.type === 'integer' ? 'an integer' : 'a number';
    const ok =
      isNumber &&
      (o.type !== 'integer' || Number.isInteger(v)) &&
      (o.minimum === undefined || (v as number) >= o.minimum) &&
      (o.above === undefined || (v as number) > o.above) &&
      (o.maximum === undefined || (v as number) <= o.maximum);
    if (!ok) problems.push(`${o.key} must be ${kind}${range ? ` ${range}` : ''}, got ${JSON.stringify(v)}`);
  }
  return problems;
}

/** JSON Schema (draft 2020-12) of an options object. */
export function optionsSchema(options: readonly MethodOption[]): Record<string, unknown> {
  const property = (o: MethodOption): Record<string, unknown> => {
    if (o.type === 'string') return o.choices ? { enum: [...o.choices], description: o.help } : { type: 'string', description: o.help };
    if (o.type === 'boolean') return { type: 'boolean', description: o.help };
    return {
      type: o.type,
      description: o.help,
      ...(o.minimum !== undefined ? { minimum: o.minimum } : {}),
      ...(o.above !== undefined ? { exclusiveMinimum: o.above } : {}),
      ...(o.maximum !== undefined ? { maximum: o.maximum } : {}),
    };
  };
  return { type: 'object', additionalProperties: false, properties: Object.fromEntries(options.map((o) => [o.key, property(o)])) };
}

/** A descriptor from its definition: resolve() and the schema come from the option table. */
export function defineMethod<C extends object>(definition: MethodDefinition<C>): SelectionMethod<C> {
  const { validate, ...rest } = definition;
  return {
    ...rest,
    schema: optionsSchema(definition.options),
    resolve(overrides = {}) {
      const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
      const problems = optionProblems(definition.options, given);
      const config = { ...definition.defaults, ...given } as C;
      if (problems.length === 0 && validate) problems.push(...validate(config));
      if (problems.length) throw new Error(`invalid ${definition.name} configuration: ${problems.join('; ')}`);
      return config;
    },
  };
}

/** The GPU runtime a 'gpu' selector needs, or a clear error. */
export function requireRuntime(method: string, context: SelectorContext): GpuRuntime {
  if (!context.runtime) throw new Error(`${method}: the 'gpu' selector backend needs a GPU runtime (use --selector-backend cpu for the TypeScript twin)`);
  return context.runtime;
}

/** The chart every sampling method shares: how peaked its distribution is. */
export const PROBABILITY_SPREAD_CHART: InternalChart = {
  title: 'probability spread',
  series: [
    { label: 'max / min probability', path: ['probabilities', 'maxOverMin'], axis: 'left' },
    { label: 'effective size (1/Σπ²)', path: ['probabilities', 'effectiveSize'], axis: 'right' },
  ],
};

/** The chart of a decaying selection pressure. */
export const PRESSURE_CHART: InternalChart = { title: 'selection pressure', series: [{ label: 'pressure s(e)', path: ['pressure'] }] };
