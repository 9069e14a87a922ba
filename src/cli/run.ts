/** `d2ace run <experiment.json>`: a resumable, shardable sweep. */
import type { RuntimeName } from '../train/config';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseExperiment, parseShard, planRuns, shardRuns } from '../experiment/experiment';
import { changedRuns, configChangeMessage, runSweep } from '../experiment/sweep';
import { checkWritableFolder } from '../node/output-checks';
import { describeHolder, liveHolder, lockPathFor } from '../node/run-claims';
import { PACKAGE_ROOT } from '../node/package-root';
import { locateDataset } from '../data/registry';
import type { PlannedRun } from '../experiment/experiment';
import { epochProgress } from './progress';
import { buildReports } from './report';
import { readResultFile, resultPath } from '../results/result-file';
import { exitCodeFor, onStopSignals, type StopSignal } from '../node/stop-signals';

export interface RunCommandOptions {
  out: string;
  shard?: string;
  runtime?: RuntimeName;
  report?: boolean;
  /** Redo every run even when a finished result exists. */
  fresh?: boolean;
  /** A finished result of another configuration: 'refuse' (default) or 'redo' (checked by the command line). */
  onChange?: 'refuse' | 'redo';
  /** Runs another `d2ace run` is training: 'wait' for them (default) or 'leave' them to it (checked by the command line). */
  whenBusy?: 'wait' | 'leave';
}

/** Each distinct dataset of the sweep resolves to files (and has an official split where one is asked for). */
export function datasetProblems(runs: PlannedRun[]): string[] {
  const problems = new Map<string, string>();
  for (const { config } of runs) {
    const key = JSON.stringify([config.dataset, config.dataDir, config.xml, config.split]);
    if (problems.has(key)) continue;
    try {
      const files = locateDataset(config.dataset, { dataDir: config.dataDir, xml: config.xml });
      if (config.split === 'official' && !(files.train && files.test)) problems.set(key, `dataset '${config.dataset}' has no official train/test split (no -train/-test files in ${files.dir}); use "split": "cv5"`);
      else problems.set(key, '');
    } catch (error) {
      problems.set(key, (error as Error).message);
    }
  }
  return [...problems.values()].filter(Boolean);
}

export async function runRunCommand(experimentPath: string, options: RunCommandOptions, io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  let text: string;
  try {
    text = readFileSync(experimentPath, 'utf8');
  } catch (error) {
    throw new Error(`${experimentPath}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const experiment = parseExperiment(text, experimentPath);
  if (options.runtime) experiment.runtime = options.runtime;
  const outDir = resolve(options.out);
  const all = planRuns(experiment);
  // Everything a run needs is checked before the first one starts: no run trains for an hour
  // before a later one finds its dataset missing or the folder unwritable.
  const missing = datasetProblems(all);
  if (missing.length) throw new Error(`${experimentPath}: ${missing.map((m) => m.replace(/\.$/, '')).join('; ')}; nothing was run`);
  checkWritableFolder(resolve(options.out), '--out folder');
  const onChange = options.onChange ?? 'refuse';
  const whenBusy = options.whenBusy ?? 'wait';
  if (options.fresh) {
    // Never delete what another live sweep is writing.
    const held = all.map((run) => ({ run, holder: liveHolder(resultPath(outDir, run)) })).filter((h) => h.holder);
    if (held.length) {
      const path = lockPathFor(resultPath(outDir, held[0]!.run));
      throw new Error(`--fresh: ${held.length} run(s) in ${outDir} are being trained by another process (${held[0]!.run.id}: ${describeHolder(held[0]!.holder, path)}); nothing was deleted or run`);
    }
    for (const run of all) rmSync(resultPath(outDir, run), { force: true });
  }

  if (experiment.runtime === 'browser') {
    const changed = changedRuns(all, outDir);
    if (changed.length && onChange === 'refuse') throw new Error(configChangeMessage(changed, outDir));
    // Playwright runs the sweep (one test per run) and shards it with its own --shard.
    const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
    const args = [cli, 'test', '-c', resolve(PACKAGE_ROOT, 'playwright.sweep.config.ts'), ...(options.shard ? [`--shard=${options.shard}`] : [])];
    if (options.shard) parseShard(options.shard);
    const r = spawnSync(process.execPath, args, {
      cwd: PACKAGE_ROOT,
      stdio: 'inherit',
      env: { ...process.env, D2ACE_EXPERIMENT: resolve(experimentPath), D2ACE_OUT: outDir },
    });
    if (r.status !== 0) return r.status ?? 1;
  } else {
    const runs = options.shard ? shardRuns(all, parseShard(options.shard)) : all;
    const signal = { aborted: false };
    let stoppedBy: StopSignal | undefined;
    const removeStopHandlers = onStopSignals((received) => {
      stoppedBy = received;
      signal.aborted = true;
      io.err(`\n${received}: the current run stops after this step and is saved as interrupted; finished runs are kept`);
    });
    try {
      const summary = await runSweep(runs, outDir, {
        onSkip: (run, _path, elsewhere) => io.err(`skip ${run.id} (finished${elsewhere ? ' by another process' : ''})`),
        onRedo: (run, differences) => io.err(`redo ${run.id}: its result came from another configuration (${differences.join('; ')})`),
        onStart: (run, k, n) => io.err(`run ${k}/${n}: ${run.id}`),
        onDone: (run, result, path) => io.err(`done ${run.id}: best validation macro-AUC ${result.best?.validationMacroAuc?.toFixed(4) ?? 'n/a'} -> ${path}`),
        onBusy: (run, holder) => io.err(`busy ${run.id}: another d2ace run is training it (${holder})${whenBusy === 'wait' ? '; back to it after the other runs' : '; left to it'}`),
        onRetry: (run, error) => io.err(`retry ${run.id}: ${error.message}; training it once more on a new device`),
        onWait: (busy) => io.err(`waiting for ${busy.length} run(s) that other processes are training (${busy.map((r) => r.id).join(', ')}); Ctrl-C stops waiting`),
        hooksFor: (run) => {
          const progress = epochProgress(`  ${run.config.method}/${run.config.model}`);
          return { signal, onEpoch: (record, total) => progress.update(record, total), warn: (m) => io.err(m) };
        },
      }, { onChange, whenBusy, signal });
      const elsewhere = summary.doneElsewhere ? `, ${summary.doneElsewhere} finished by another process` : '';
      io.err(`${summary.ran} run(s) done, ${summary.skipped} skipped as finished${elsewhere}${options.shard ? ` (shard ${options.shard} of ${all.length} runs)` : ''}`);
      if (summary.retried.length) io.err(`${summary.retried.length} run(s) retried after a lost device or crashed page: ${summary.retried.map((r) => `${r.run.id} (${r.error})`).join('; ')}`);
      if (summary.left.length) io.err(`${summary.left.length} run(s) left to other processes, not finished yet: ${summary.left.map((r) => r.id).join(', ')}`);
      if (summary.interrupted) return exitCodeFor(stoppedBy ?? 'SIGINT');
    } finally {
      removeStopHandlers();
    }
  }
  if (options.report) {
    const results = planRuns(experiment)
      .map((run) => resultPath(outDir, run))
      .filter((path) => existsSync(path))
      .map(readResultFile);
    const { markdown, written } = buildReports(results, { html: resolve(outDir, 'report.html') });
    io.out(markdown);
    for (const file of written) io.out(`report: ${file}`);
  }
  return 0;
}
