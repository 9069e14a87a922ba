/**
 * Preparing a run's data (Node side) and running it inside a Chromium page that has
 * src/browser/runner.html open: our own session, or a Playwright test's page when a sweep is
 * sharded by Playwright. Nothing here loads the GPU stack in Node.
 */
import type { Page } from 'playwright-core';
import { prepareDataset, type PreparedDataset } from '../data/prepare';
import type { TrainConfig } from '../train/config';
import type { EpochRecord } from '../train/trainer';
import { assembleResult, describePrepared, type RunResult } from '../results/result';
import { RUNTIME_NOTICE, type TrainPageJobs } from './page-train';
import { encodePrepared } from './transfer';

export interface RunHooks {
  onEpoch?: (record: EpochRecord, epochs: number) => void;
  signal?: { aborted: boolean };
  warn?: (message: string) => void;
  /** Where information goes that is not a warning (which runtime a run uses, and why); default: warn. */
  notice?: (message: string) => void;
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

/** What the runner page exposes on `window.d2ace`, as far as a training run needs it. */
type Jobs = { d2ace: TrainPageJobs };

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
    else if (message.type() === 'info' && message.text().startsWith(RUNTIME_NOTICE)) (hooks.notice ?? hooks.warn)?.(message.text().slice(RUNTIME_NOTICE.length));
  });
  try {
    const { environment, outcome } = await page.evaluate(
      ([c, transfer]) => (globalThis as unknown as Jobs).d2ace.train(c, transfer),
      [config, encodePrepared(prepared)] as const,
    );
    return assembleResult(config, describePrepared(prepared), environment, outcome, createdAt);
  } finally {
    if (stop) clearInterval(stop);
  }
}
