/**
 * The GPU benchmarks as jobs: each brings up a fresh runtime, reports the environment and
 * measures. src/browser/runner.ts puts them on `window.d2ace` for the browser runtime, and
 * run-bench.ts calls the same functions in Node, so the contract (job names and their types)
 * stands here, below the runner page.
 */
import { doctorReport, type DoctorReport } from '../gpu/doctor';
import { withGpuRuntime, type GpuRuntime } from '../gpu/runtime';
import { benchmarkBackbones, type BackboneBenchOptions } from './backbones';
import { benchmarkKnn, benchmarkOverhead, benchmarkSelection, type SelectionBenchOptions } from './selection';
import { benchmarkUbsMi, type UbsMiBenchOptions } from './ubs-mi';

/** A job's answer: plain JSON, the environment it ran in, its rows and any further tables. */
export type BenchJobResult = { environment: DoctorReport; rows: object[] } & Record<string, unknown>;

function onFreshRuntime<O, R extends { rows: object[] }>(measure: (rt: GpuRuntime, options: O) => Promise<R>) {
  return (options: O): Promise<{ environment: DoctorReport } & R> => withGpuRuntime(async (rt) => ({ environment: await doctorReport(rt), ...(await measure(rt, options)) }));
}

export const benchPageJobs = {
  benchBackbones: onFreshRuntime(async (rt, o: BackboneBenchOptions) => ({ rows: await benchmarkBackbones(rt, o) })),
  benchSelection: onFreshRuntime(async (rt, o: SelectionBenchOptions) => ({ rows: await benchmarkSelection(rt, o), knn: await benchmarkKnn(rt, o), overhead: await benchmarkOverhead(rt, o) })),
  benchUbsMi: onFreshRuntime(async (rt, o: UbsMiBenchOptions) => ({ rows: await benchmarkUbsMi(rt, o) })),
};

export type BenchPageJobs = typeof benchPageJobs;
export type BenchJobName = keyof BenchPageJobs;
/** The options a job takes. */
export type BenchJobOptions<J extends BenchJobName> = Parameters<BenchPageJobs[J]>[0];
