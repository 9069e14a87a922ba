/**
 * Each run counted once: a report reads result files named by folders and files, and the same
 * run can arrive twice (a file and its folder, a copy beside the original, two shards that both
 * ran it). The same path is the same file; two files with the same run identity (dataset,
 * configuration hash: method, options, fold, seed, ...) are an error that names both, or with
 * `newer` the later-finished one is kept and the other is listed apart.
 */
import { configHash } from './config-hash';
import type { RunResult } from './result';

export type DuplicatePolicy = 'error' | 'newer';
export const DUPLICATE_POLICIES: readonly DuplicatePolicy[] = ['error', 'newer'];

export interface ReadRun {
  file: string;
  result: RunResult;
}

/** What a run is, wherever its file lies. */
export function runIdentity(r: RunResult): string {
  return `${r.dataset.name}|${configHash(r.config)}`;
}

const describeRun = (r: RunResult) => `${r.config.label ?? r.config.method} on ${r.dataset.name} (${r.config.model}, ${r.config.split}${r.config.split === 'cv5' ? ` fold ${r.config.fold}` : ''}, seed ${r.config.seed})`;

/** One entry per run; `apart` says which files were left out (only with 'newer'). */
export function uniqueRuns(runs: ReadRun[], policy: DuplicatePolicy = 'error'): { runs: ReadRun[]; apart: string[] } {
  const byIdentity = new Map<string, ReadRun[]>();
  for (const run of runs) {
    const key = runIdentity(run.result);
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), run]);
  }
  const kept: ReadRun[] = [];
  const apart: string[] = [];
  for (const same of byIdentity.values()) {
    if (same.length === 1) {
      kept.push(same[0]!);
      continue;
    }
    const files = same.map((s) => s.file);
    if (policy === 'error') {
      throw new Error(`${files.join(' and ')} are the same run (${describeRun(same[0]!.result)}): remove all but one, or pass --duplicates newer to keep the one finished last`);
    }
    const newest = [...same].sort((a, b) => b.result.finishedAt.localeCompare(a.result.finishedAt))[0]!;
    kept.push(newest);
    for (const other of same) {
      if (other !== newest) apart.push(`${other.file} (finished ${other.result.finishedAt}): the same run as ${newest.file} (finished ${newest.result.finishedAt}, kept): ${describeRun(other.result)}`);
    }
  }
  // Keep the order the files were given in.
  const order = new Map(runs.map((r, i) => [r, i]));
  kept.sort((a, b) => order.get(a)! - order.get(b)!);
  return { runs: kept, apart };
}
