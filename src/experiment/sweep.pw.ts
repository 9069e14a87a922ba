/**
 * A sweep as Playwright tests (one per run), for `d2ace run --runtime browser`: Playwright's
 * --shard i/n splits the runs over machines. Finished runs are skipped (resume). Reads the
 * experiment from D2ACE_EXPERIMENT and writes results into D2ACE_OUT.
 */
import { readFileSync } from 'node:fs';
import { test, type Page } from '@playwright/test';
import { claimRun, describeHolder } from '../node/run-claims';
import { parseExperiment, planRuns } from './experiment';
import { prepareForRun, runInPage } from './execute-page';
import { isLostDevice } from './sweep';
import { resultPath, resumeState, writeResultFile } from '../results/result-file';

const experimentPath = process.env['D2ACE_EXPERIMENT'];
const outDir = process.env['D2ACE_OUT'];
if (!experimentPath || !outDir) throw new Error('D2ACE_EXPERIMENT and D2ACE_OUT must be set (use d2ace run --runtime browser)');
const runs = planRuns(parseExperiment(readFileSync(experimentPath, 'utf8'), experimentPath)).map((r) => ({ ...r, config: { ...r.config, runtime: 'browser' as const } }));

for (const run of runs) {
  test(run.id, async ({ page }) => {
    const path = resultPath(outDir, run);
    // The two skips below are on purpose and never count as a pass; Playwright reports them as skipped.
    const claim = claimRun(path);
    // Skip reason: another process (a second sweep, another worker) is training this run; it must not be trained twice.
    test.skip(!claim.claimed, `being trained by another process (${claim.claimed ? '' : describeHolder(claim.holder, claim.path)})`);
    if (!claim.claimed) return;
    try {
      // Skip reason: this is how a sweep resumes. A valid, complete result of this configuration is not
      // redone (`d2ace run` refused changed configurations before starting Playwright, or was told to redo them).
      test.skip(resumeState(path, run.config).state === 'finished', 'finished earlier: its result file is valid, complete and of this configuration');
      await trainInPage(page, run, path).catch(async (error: unknown) => {
        // A crashed page or a lost device gets one more try, in a new page (with a new device).
        if (!isLostDevice(error)) throw error;
        console.log(`${run.id}: retry after ${error.message}`);
        const fresh = await page.context().newPage();
        await trainInPage(fresh, run, path).finally(() => fresh.close());
      });
    } finally {
      claim.release();
    }
  });
}

async function trainInPage(page: Page, run: (typeof runs)[number], path: string): Promise<void> {
  await page.goto('/src/browser/runner.html');
  await page.waitForFunction(() => (globalThis as { d2aceReady?: boolean }).d2aceReady === true);
  const result = await runInPage(page, run.config, await prepareForRun(run.config), {
    onEpoch: (record, total) => {
      if ((record.epoch + 1) % 10 === 0 || record.epoch + 1 === total) console.log(`${run.id}: epoch ${record.epoch + 1}/${total}`);
    },
  });
  writeResultFile(path, result);
}
