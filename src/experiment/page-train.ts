/**
 * The page side of a training run in the browser runtime: the `train` and `abort` jobs that
 * src/browser/runner.ts puts on `window.d2ace`. Their types are the contract that the Node
 * side (execute-page.ts) calls through, so the contract stands here, below the runner page.
 * A page without WebGPU (or with only a software adapter) trains on the CPU runtime.
 */
import type { CpuRuntimeOptions } from '../cpu/runtime';
import { doctorReport } from '../gpu/doctor';
import { describeCpuEnvironment, describeEnvironment, type RunResult } from '../results/result';
import type { TrainConfig } from '../train/config';
import { openTrainingRuntime } from '../train/open-runtime';
import { trainRun, type EpochRecord, type TrainingOutcome } from '../train/trainer';
import { onWebGpu } from '../train/training-runtime';
import { decodePrepared, type PreparedTransfer } from './transfer';

/** The page's console line that says which runtime a run uses (the Node side passes it on). */
export const RUNTIME_NOTICE = 'd2ace runtime: ';

/** The jobs, given where the page serves tfjs's .wasm files (the page's bundler decides). */
export function createTrainPageJobs(cpu: CpuRuntimeOptions = {}) {
  /** Set by the CLI (Ctrl-C) to stop a browser run between steps. */
  const abort = { aborted: false };
  return {
    abort: (): void => {
      abort.aborted = true;
    },
    /** One training run; progress goes to window.d2aceProgress when the CLI exposes it. */
    train: async (config: TrainConfig, transfer: PreparedTransfer): Promise<{ environment: RunResult['environment']; outcome: TrainingOutcome }> => {
      const { rt, reason } = await openTrainingRuntime('webgpu-if-any', { cpu });
      try {
        abort.aborted = false;
        console.info(`${RUNTIME_NOTICE}${reason}`);
        const environment = onWebGpu(rt) ? describeEnvironment(await doctorReport(rt), reason) : describeCpuEnvironment(rt, reason);
        const progress = (globalThis as { d2aceProgress?: (record: EpochRecord, total: number) => void }).d2aceProgress;
        const outcome = await trainRun(rt, decodePrepared(transfer), config, {
          signal: abort,
          ...(progress ? { onEpoch: (record: EpochRecord, total: number) => progress(record, total) } : {}),
          warn: (message) => console.warn(message),
        });
        return { environment, outcome };
      } finally {
        rt.dispose();
      }
    },
  };
}

export type TrainPageJobs = ReturnType<typeof createTrainPageJobs>;
