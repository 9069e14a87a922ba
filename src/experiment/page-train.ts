/**
 * The page side of a training run in the browser runtime: the `train` and `abort` jobs that
 * src/browser/runner.ts puts on `window.d2ace`. Their types are the contract that the Node
 * side (execute-page.ts) calls through, so the contract stands here, below the runner page.
 */
import { doctorReport, type DoctorReport } from '../gpu/doctor';
import { withGpuRuntime } from '../gpu/runtime';
import type { TrainConfig } from '../train/config';
import { trainRun, type EpochRecord, type TrainingOutcome } from '../train/trainer';
import { decodePrepared, type PreparedTransfer } from './transfer';

/** Set by the CLI (Ctrl-C) to stop a browser run between steps. */
const abort = { aborted: false };

export const trainPageJobs = {
  abort: (): void => {
    abort.aborted = true;
  },
  /** One training run; progress goes to window.d2aceProgress when the CLI exposes it. */
  train: (config: TrainConfig, transfer: PreparedTransfer): Promise<{ environment: DoctorReport; outcome: TrainingOutcome }> =>
    withGpuRuntime(async (rt) => {
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
};

export type TrainPageJobs = typeof trainPageJobs;
