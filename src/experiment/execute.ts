/**
 * Executing one run (Node side): prepare the dataset by the reference protocol, train in Node
 * on WebGPU or inside a Chromium page, and assemble the result. The browser path takes any
 * Playwright page that has src/browser/runner.html open (our own session, or a Playwright
 * test's page when a sweep is sharded by Playwright).
 */
import type { Page } from 'playwright-core';
import { prepareDataset, type PreparedDataset } from '../data/prepare';
import { doctorReport } from '../gpu/doctor';
import { createGpuRuntime } from '../gpu/runtime';
import type { BrowserJobs } from '../browser/runner';
import type { TrainConfig } from '../train/config';
import { trainRun, type EpochRecord, type TrainerHooks } from '../train/trainer';
import { assembleResult, describeEnvironment, describePrepared, type RunResult } from './result';
import { encodePrepared } from './transfer';

export interface RunHooks {
  onEpoch?: (record: EpochRecord, epochs: number) => void;
  signal?: { aborted: boolean };
  warn?: (message: string) => void;
}

export function prepareForRun(config: TrainConfig): Promise<PreparedDataset> {
  return prepareDataset(config.dataset, {
    dataDir: config.dataDir,
    xml: config.xml,
    labelCount: config.labelCount,
    labelsFirst: config.labelsFirst,
    minPositives: config.minPositives,
    topFeatureFraction: config.topFeatures,
    split: config.split === 'official' ? { kind: 'official' } : { kind: 'cv', folds: 5, fold: config.fold },
    validationFraction: config.validationFraction,
    seed: config.seed,
  });
}

export async function runInNode(config: TrainConfig, prepared: PreparedDataset, hooks: RunHooks = {}): Promise<RunResult> {
  const createdAt = new Date();
  const rt = await createGpuRuntime();
  try {
    const environment = describeEnvironment(await doctorReport(rt));
    const trainerHooks: TrainerHooks = { ...hooks };
    const outcome = await trainRun(rt, prepared, config, trainerHooks);
    return assembleResult(config, describePrepared(prepared), environment, outcome, createdAt);
  } finally {
    rt.dispose();
  }
}

type Jobs = { d2ace: BrowserJobs };

export async function runInPage(page: Page, config: TrainConfig, prepared: PreparedDataset, hooks: RunHooks = {}): Promise<RunResult> {
  const createdAt = new Date();
  if (hooks.onEpoch) {
    const onEpoch = hooks.onEpoch;
    await page.exposeFunction('d2aceProgress', (record: EpochRecord, total: number) => onEpoch(record, total)).catch(() => undefined);
  }
  let stop: ReturnType<typeof setInterval> | undefined;
  if (hooks.signal) {
    const signal = hooks.signal;
    stop = setInterval(() => {
      if (signal.aborted) void page.evaluate(() => (globalThis as unknown as Jobs).d2ace.abort()).catch(() => undefined);
    }, 250);
  }
  page.on('console', (message) => {
    if (message.type() === 'warning') hooks.warn?.(message.text());
  });
  try {
    const { environment, outcome } = await page.evaluate(
      ([c, transfer]) => (globalThis as unknown as Jobs).d2ace.train(c, transfer),
      [config, encodePrepared(prepared)] as const,
    );
    return assembleResult(config, describePrepared(prepared), describeEnvironment(environment), outcome, createdAt);
  } finally {
    if (stop) clearInterval(stop);
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
