/**
 * Running a sweep: resumes (a finished run of the same configuration is not redone), writes each
 * result atomically. A finished result of a different configuration is never skipped silently:
 * `onChange` 'redo' trains it again, 'refuse' (the default) stops before any run with the runs
 * and settings that differ. Node only (file locks).
 */
import { resultPath, resumeState, writeResultFile } from '../results/result-file';
import { executeRun, type RunHooks } from './execute';
import type { PlannedRun } from './experiment';
import type { RunResult } from '../results/result';
import { claimRun, describeHolder } from '../node/run-claims';
import { DeviceLostError } from '../gpu/errors';

export type OnConfigChange = 'refuse' | 'redo';

export interface SweepEvents {
  /** A finished result: found at the start, or finished by another process meanwhile (`elsewhere`). */
  onSkip?: (run: PlannedRun, path: string, elsewhere: boolean) => void;
  onRedo?: (run: PlannedRun, differences: string[]) => void;
  onStart?: (run: PlannedRun, position: number, total: number) => void;
  onDone?: (run: PlannedRun, result: RunResult, path: string) => void;
  /** Another live process holds the run (described: PID, host, since when). */
  onBusy?: (run: PlannedRun, holder: string) => void;
  /** The pass is over and these runs are held elsewhere: the sweep waits for them. */
  onWait?: (runs: PlannedRun[]) => void;
  /** The run lost its GPU device (or its page crashed) and is trained once more from the start. */
  onRetry?: (run: PlannedRun, error: Error) => void;
  hooksFor?: (run: PlannedRun) => RunHooks;
}

/** A failure that a fresh device or page may not repeat: the device lost, the page crashed. */
export function isLostDevice(error: unknown): error is Error {
  return error instanceof DeviceLostError || (error instanceof Error && /GPU device lost|page crashed|target crashed/i.test(error.message));
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

export interface SweepOptions {
  onChange?: OnConfigChange;
  /** Runs another live process is training: 'wait' for them (the default), or 'leave' them to it. */
  whenBusy?: 'wait' | 'leave';
  /** How often a waiting sweep looks at the runs other processes hold. */
  pollMs?: number;
  /** Set on Ctrl-C: stop waiting. */
  signal?: { aborted: boolean };
}

export interface SweepSummary {
  ran: number;
  skipped: number;
  /** Runs another process finished while this one waited. */
  doneElsewhere: number;
  /** Runs still held by another process when this one stopped (whenBusy 'leave', or Ctrl-C while waiting). */
  left: PlannedRun[];
  interrupted: boolean;
  /** Runs trained again after their device was lost (or page crashed), with the first error. */
  retried: Array<{ run: PlannedRun; error: string }>;
}

/**
 * Runs the sweep. Each run is claimed before it trains (../node/run-claims.ts), so two sweeps on
 * one folder split the work instead of doing it twice; a run another process holds is taken up
 * again at the end: finished there, or claimed here if that process died.
 */
export async function runSweep(runs: PlannedRun[], outDir: string, events: SweepEvents = {}, options: SweepOptions = {}): Promise<SweepSummary> {
  const changed = changedRuns(runs, outDir);
  if (changed.length && (options.onChange ?? 'refuse') === 'refuse') throw new Error(configChangeMessage(changed, outDir));
  const summary: SweepSummary = { ran: 0, skipped: 0, doneElsewhere: 0, left: [], interrupted: false, retried: [] };
  let busy: PlannedRun[] = [];

  const waitForBusy = (options.whenBusy ?? 'wait') === 'wait';

  /** One attempt at a run: 'done' (trained or found finished), 'busy' (another process has it) or 'stop'. */
  const attempt = async (run: PlannedRun, position: number, afterWait: boolean): Promise<'done' | 'busy' | 'stop'> => {
    const path = resultPath(outDir, run);
    if (resumeState(path, run.config).state === 'finished') {
      if (afterWait) summary.doneElsewhere++;
      else summary.skipped++;
      events.onSkip?.(run, path, afterWait);
      return 'done';
    }
    const claim = claimRun(path);
    if (!claim.claimed) {
      if (!afterWait) events.onBusy?.(run, describeHolder(claim.holder, claim.path));
      return 'busy';
    }
    try {
      // Between the look above and the claim, another process may have finished it (a second
      // read, only for a run about to train).
      const found = resumeState(path, run.config);
      if (found.state === 'finished') {
        summary.doneElsewhere++;
        events.onSkip?.(run, path, true);
        return 'done';
      }
      if (found.state === 'changed') events.onRedo?.(run, found.differences);
      events.onStart?.(run, position, runs.length);
      const result = await executeRun(run.config, events.hooksFor?.(run) ?? {}).catch(async (error: unknown) => {
        // Once, on a new device (executeRun opens its own runtime): a second loss is a failure.
        if (!isLostDevice(error)) throw error;
        summary.retried.push({ run, error: error.message });
        events.onRetry?.(run, error);
        return executeRun(run.config, events.hooksFor?.(run) ?? {});
      });
      writeResultFile(path, result);
      events.onDone?.(run, result, path);
      summary.ran++;
      return result.status === 'complete' ? 'done' : 'stop';
    } finally {
      claim.release();
    }
  };

  for (const [k, run] of runs.entries()) {
    const outcome = await attempt(run, k + 1, false);
    if (outcome === 'stop') return { ...summary, interrupted: true };
    if (outcome === 'busy') busy.push(run);
  }
  if (busy.length && waitForBusy) events.onWait?.(busy);
  while (busy.length && waitForBusy && !options.signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 5000));
    const still: PlannedRun[] = [];
    for (const [k, run] of busy.entries()) {
      if (options.signal?.aborted) {
        still.push(run);
        continue;
      }
      const outcome = await attempt(run, runs.indexOf(run) + 1, true);
      if (outcome === 'stop') return { ...summary, left: [...still, ...busy.slice(k + 1)], interrupted: true };
      if (outcome === 'busy') still.push(run);
    }
    busy = still;
  }
  return { ...summary, left: busy, interrupted: !!options.signal?.aborted };
}
