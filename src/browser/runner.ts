/**
 * The page the CLI drives in headless Chromium. It exposes jobs on `window.d2ace`; each job
 * brings up the GPU runtime in the page, runs, disposes it and returns plain JSON.
 */
import { createGpuRuntime, type GpuRuntime } from '../gpu/runtime';
import { decodePrepared, type PreparedTransfer } from '../experiment/transfer';
import type { TrainConfig } from '../train/config';
import { trainRun, type EpochRecord } from '../train/trainer';
import { doctorReport, type DoctorReport } from '../gpu/doctor';
import { benchmarkBackbones, type BackboneBenchOptions } from '../bench/backbones';
import { benchmarkKnn, benchmarkOverhead, benchmarkSelection, type SelectionBenchOptions } from '../bench/selection';

/** Runs `job` on a fresh runtime and always releases it. */
async function withRuntime<T>(job: (rt: GpuRuntime) => Promise<T>): Promise<T> {
  const rt = await createGpuRuntime();
  try {
    return await job(rt);
  } finally {
    rt.dispose();
  }
}

/** Set by the CLI (Ctrl-C) to stop a browser run between steps. */
const abort = { aborted: false };

const jobs = {
  abort: () => {
    abort.aborted = true;
  },
  /** One training run; progress goes to window.d2aceProgress when the CLI exposes it. */
  train: (config: TrainConfig, transfer: PreparedTransfer) =>
    withRuntime(async (rt) => {
      abort.aborted = false;
      const environment = await doctorReport(rt);
      const progress = (globalThis as { d2aceProgress?: (record: EpochRecord, total: number) => void }).d2aceProgress;
      const outcome = await trainRun(rt, decodePrepared(transfer), config, {
        signal: abort,
        ...(progress ? { onEpoch: (record: EpochRecord, total: number) => progress(record, total) } : {}),
        warn: (message) => console.warn(message),
      });
      return { environment, outcome };
    }),
  doctor: (): Promise<DoctorReport> => withRuntime(doctorReport),
  benchBackbones: (options: BackboneBenchOptions) => withRuntime(async (rt) => ({ environment: await doctorReport(rt), rows: await benchmarkBackbones(rt, options) })),
  benchSelection: (options: SelectionBenchOptions) =>
    withRuntime(async (rt) => ({ environment: await doctorReport(rt), rows: await benchmarkSelection(rt, options), knn: await benchmarkKnn(rt, options), overhead: await benchmarkOverhead(rt, options) })),
};

export type BrowserJobs = typeof jobs;

Object.assign(globalThis, { d2ace: jobs, d2aceReady: true });
