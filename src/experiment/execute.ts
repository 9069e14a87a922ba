/**
 * Executing one run: prepare the dataset by the reference protocol, then train in Node on
 * WebGPU, or in a headless Chromium session of our own (execute-page.ts), and assemble the result.
 */
import type { PreparedDataset } from '../data/prepare';
import { doctorReport } from '../gpu/doctor';
import { createGpuRuntime } from '../gpu/runtime';
import type { TrainConfig } from '../train/config';
import { trainRun } from '../train/trainer';
import { prepareForRun, runInPage, type RunHooks } from './execute-page';
import { assembleResult, describeEnvironment, describePrepared, type RunResult } from '../results/result';

export type { RunHooks };

export async function runInNode(config: TrainConfig, prepared: PreparedDataset, hooks: RunHooks = {}): Promise<RunResult> {
  const createdAt = new Date();
  const rt = await createGpuRuntime();
  try {
    const environment = describeEnvironment(await doctorReport(rt));
    const outcome = await trainRun(rt, prepared, config, hooks);
    return assembleResult(config, describePrepared(prepared), environment, outcome, createdAt);
  } finally {
    rt.dispose();
  }
}

/** One run in whichever runtime the config names (the browser gets a session of its own). */
export async function executeRun(config: TrainConfig, hooks: RunHooks = {}): Promise<RunResult> {
  const prepared = await prepareForRun(config);
  if (config.runtime === 'node') return runInNode(config, prepared, hooks);
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
