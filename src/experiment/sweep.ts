/**
 * Running a sweep: resumes (a finished run of the same configuration is not redone), writes each
 * result atomically. A finished result of a different configuration is never skipped silently:
 * `onChange` 'redo' trains it again, 'refuse' (the default) stops before any run with the runs
 * and settings that differ.
 */
import { resultPath, resumeState, writeResultFile } from './result-file';
import { executeRun, type RunHooks } from './execute';
import type { PlannedRun } from './experiment';
import type { RunResult } from './result';

export type OnConfigChange = 'refuse' | 'redo';

export interface SweepEvents {
  onSkip?: (run: PlannedRun, path: string) => void;
  onRedo?: (run: PlannedRun, differences: string[]) => void;
  onStart?: (run: PlannedRun, position: number, total: number) => void;
  onDone?: (run: PlannedRun, result: RunResult, path: string) => void;
  hooksFor?: (run: PlannedRun) => RunHooks;
}

/** The runs whose finished results came from another configuration, with the differences. */
export function changedRuns(runs: PlannedRun[], outDir: string): Array<{ run: PlannedRun; differences: string[] }> {
  return runs.flatMap((run) => {
    const found = resumeState(resultPath(outDir, run), run.config);
    return found.state === 'changed' ? [{ run, differences: found.differences }] : [];
  });
}

/** The error for 'refuse': which runs changed, how, and the flag that redoes them. */
export function configChangeMessage(changed: Array<{ run: PlannedRun; differences: string[] }>, outDir: string): string {
  const shown = changed.slice(0, 5).map((c) => `${c.run.id} (${c.differences.slice(0, 4).join('; ')}${c.differences.length > 4 ? '; ...' : ''})`);
  return (
    `${changed.length} finished result(s) in ${outDir} were trained with another configuration than the experiment now asks for: ` +
    `${shown.join(', ')}${changed.length > 5 ? ', ...' : ''}. Nothing was run. Use --on-change redo to train them again (their files are replaced), or another --out`
  );
}

export async function runSweep(
  runs: PlannedRun[],
  outDir: string,
  events: SweepEvents = {},
  onChange: OnConfigChange = 'refuse',
): Promise<{ ran: number; skipped: number; interrupted: boolean }> {
  const changed = changedRuns(runs, outDir);
  if (changed.length && onChange === 'refuse') throw new Error(configChangeMessage(changed, outDir));
  let ran = 0;
  let skipped = 0;
  for (const [k, run] of runs.entries()) {
    const path = resultPath(outDir, run);
    const found = resumeState(path, run.config);
    if (found.state === 'finished') {
      skipped++;
      events.onSkip?.(run, path);
      continue;
    }
    if (found.state === 'changed') events.onRedo?.(run, found.differences);
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
