/**
 * What a benchmark of `d2ace bench` is: a name, what it measures, the options it takes (as
 * plain descriptions, which the command line turns into flags) and how it runs. The shared
 * options (--runtime, --steps, --shapes) are declared per benchmark with what they mean there;
 * a benchmark that does not declare one rejects it.
 */
import type { AdapterSummary } from '../gpu/adapter-report';
import type { BenchShape } from './shapes';

/** WebGPU in Node (Dawn), WebGPU in headless Chromium, or the CPU runtime (tfjs wasm) in Node. */
export type BenchRuntime = 'node' | 'browser' | 'cpu';

/** One option of a benchmark's own. */
export interface BenchOption {
  /** Key of the value handed to resolve(). */
  key: string;
  /** The flag as the command line shows it, e.g. '--hidden <n>'; a switch has no value. */
  flag: string;
  help: string;
  /** How the value is read: an integer >= 1, an integer >= 0, a comma-separated list of `choices`, or a switch. */
  value: 'positive-int' | 'non-negative-int' | 'names' | 'switch' | 'file';
  choices?: readonly string[];
  /** Shown in the help; resolve() applies it. */
  default?: unknown;
}

/** Values from the command line, by BenchOption key, plus `steps` and `shapes`; only those given. */
export type GivenOptions = Record<string, unknown> & { steps?: number; shapes?: BenchShape[] };

export interface BenchResult {
  runtime: BenchRuntime;
  /** The adapter that ran it; null where no GPU is involved. */
  adapter: AdapterSummary | null;
  rows: object[];
  /** Further tables beside the rows (the selection benchmark's kNN and overhead). */
  extra: Record<string, unknown>;
}

export interface Benchmark<O = unknown> {
  name: string;
  /** What it measures, one line. */
  description: string;
  /** Where it can run; the first is the default. */
  runtimes: readonly BenchRuntime[];
  /** What --steps counts here and its default; absent: no --steps. */
  steps?: { help: string; default: number };
  /** The shapes it runs by default; absent: no --shapes. */
  shapes?: readonly BenchShape[];
  options: readonly BenchOption[];
  /** The full options from those given; throws (a usage error) on values that do not go together. */
  resolve(given: GivenOptions): O;
  run(options: O, runtime: BenchRuntime): Promise<BenchResult>;
  /**
   * Benchmarks that compare runtimes take a list (--runtime node,cpu): each runtime is run in
   * turn, in one process, and this puts the results side by side (further tables for the envelope).
   */
  sideBySide?(options: O, results: ReadonlyArray<BenchResult>): Promise<Record<string, unknown>>;
}

/** The JSON that `d2ace bench <name> --json` prints. */
export interface BenchEnvelope {
  benchmark: string;
  description: string;
  /** The runtime it ran on, or the runtimes in the order they ran (a side-by-side benchmark). */
  runtime: BenchRuntime | BenchRuntime[];
  adapter: AdapterSummary | null;
  options: unknown;
  rows: object[];
  [extra: string]: unknown;
}
