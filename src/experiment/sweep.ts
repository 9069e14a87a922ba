/** Running a sweep: skips finished runs (resume), writes each result atomically. */
import { isFinished, resultPath, writeResultFile } from './result-file';
import { executeRun, type RunHooks } from './execute';
import type { PlannedRun } from './experiment';
import type { RunResult } from './result';

export interface SweepEvents {
  onSkip?: (run: PlannedRun, path: string) => void;
  onStart?: (run: PlannedRun, position: number, total: number) => void;
  onDone?: (run: PlannedRun, result: RunResult, path: string) => void;
  hooksFor?: (run: PlannedRun) => RunHooks;
}

export async function runSweep(runs: PlannedRun[], outDir: string, events: SweepEvents = {}): Promise<{ ran: number; skipped: number; interrupted: boolean }> {
  let ran = 0;
  let skipped = 0;
  for (const [k, run] of runs.entries()) {
    const path = resultPath(outDir, run);
    if (isFinished(path)) {
      skipped++;
      events.onSkip?.(run, path);
      continue;
    }
    events.onStart?.(run, k + 1, runs.length);
    const hooks = events.hooksFor?.(run) ?? {};
    const result = await executeRun(run.config, hooks);
    writeResultFile(path, result);
    events.onDone?.(run, result, path);
    ran++;
    if (result.status !== 'complete') return { ran, skipped, interrupted: true };
  }
  return { ran, skipped, interrupted: false };
}
