/**
 * Executing one run: prepare the dataset by the reference protocol, then train in Node (on
 * WebGPU or the CPU runtime, as the config's runtime resolves: train/open-runtime.ts), or in a
 * headless Chromium session of our own (execute-page.ts), and assemble the result.
 */
import type { PreparedDataset } from '../data/prepare';
import { doctorReport } from '../gpu/doctor';
import type { TrainConfig } from '../train/config';
import { openTrainingRuntime, type RuntimeRequest } from '../train/open-runtime';
import { trainRun } from '../train/trainer';
import { onWebGpu } from '../train/training-runtime';
import { prepareForRun, runInPage, type RunHooks } from './execute-page';
import { assembleResult, describeCpuEnvironment, describeEnvironment, describePrepared, type RunResult } from '../results/result';

export type { RunHooks };

/** What a Node run asks the runtime opener for. */
export function runtimeRequest(config: TrainConfig): RuntimeRequest {
  if (config.runtime === 'node') return 'webgpu';
  if (config.runtime === 'cpu') return 'cpu';
  if (config.runtime === 'auto') return 'auto';
  throw new Error(`a run with runtime '${config.runtime}' does not train in Node`);
}

/** Reasons already said in this process: a sweep says which runtime it uses once, not per run. */
const said = new Set<string>();

export async function runInNode(config: TrainConfig, prepared: PreparedDataset, hooks: RunHooks = {}): Promise<RunResult> {
  const createdAt = new Date();
  const { rt, reason } = await openTrainingRuntime(runtimeRequest(config));
  try {
    if (!said.has(reason)) {
      said.add(reason);
      (hooks.notice ?? hooks.warn)?.(reason);
    }
    const environment = onWebGpu(rt) ? describeEnvironment(await doctorReport(rt), reason) : describeCpuEnvironment(rt, reason);
    const outcome = await trainRun(rt, prepared, config, hooks);
    return assembleResult(config, describePrepared(prepared), environment, outcome, createdAt);
  } finally {
    rt.dispose();
  }
}

/** One run in whichever runtime the config names (the browser gets a session of its own). */
export async function executeRun(config: TrainConfig, hooks: RunHooks = {}): Promise<RunResult> {
  const prepared = await prepareForRun(config);
  if (config.runtime !== 'browser') return runInNode(config, prepared, hooks);
  const { openBrowserSession } = await import('../node/browser-session');
  const session = await openBrowserSession();
  try {
    return await runInPage(session.page, config, prepared, hooks);
  } catch (error) {
    const log = session.console.slice(-15).join('\n  ');
    throw new Error(`${(error as Error).message}${log ? `\npage console:\n  ${log}` : ''}`);
  } finally {
    await session.close();
  }
}
