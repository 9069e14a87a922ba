/** Result files on disk: validated on write (atomically, so a half-written file never exists) and on read. */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TrainConfig } from '../train/config';
import { configDifferences, configHash } from './config-hash';
import { migrateResult, validateResult, type RunResult } from './result';

export function writeResultFile(path: string, result: RunResult): void {
  validateResult(result, path);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.partial-${process.pid}`;
  try {
    writeFileSync(temporary, `${JSON.stringify(result, null, 1)}\n`);
    renameSync(temporary, path);
  } catch (error) {
    // No stray partial file is left beside a failed write.
    rmSync(temporary, { force: true });
    throw error;
  }
}

export function readResultFile(path: string): RunResult {
  let value: unknown;
  try {
    value = migrateResult(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new Error(`${path}: cannot read a result: ${(error as Error).message}`);
  }
  validateResult(value, path);
  return value;
}

/** Where a sweep keeps the result of one run. */
export function resultPath(outDir: string, run: { id: string }): string {
  return join(outDir, `${run.id}.json`);
}

/** A run is finished when its file exists, passes the schema and says 'complete'. */
export function isFinished(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    return readResultFile(path).status === 'complete';
  } catch {
    return false;
  }
}

/**
 * What a sweep finds at a run's path: nothing, a result to redo (unreadable or interrupted), a
 * finished result of this very configuration, or a finished result of ANOTHER configuration
 * (the experiment changed since), with the settings that differ.
 */
export type ResumeState = { state: 'missing' | 'unfinished' | 'finished' } | { state: 'changed'; differences: string[] };

export function resumeState(path: string, planned: TrainConfig): ResumeState {
  if (!existsSync(path)) return { state: 'missing' };
  let stored: RunResult;
  try {
    stored = readResultFile(path);
  } catch {
    return { state: 'unfinished' };
  }
  if (stored.status !== 'complete') return { state: 'unfinished' };
  const hash = stored.configHash ?? configHash(stored.config);
  if (hash === configHash(planned)) return { state: 'finished' };
  return { state: 'changed', differences: configDifferences(stored.config, planned) };
}
