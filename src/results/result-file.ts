/** Result files on disk: validated on write (atomically, so a half-written file never exists) and on read. */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../node/atomic-write';
import { dirname, join } from 'node:path';
import type { TrainConfig } from '../train/config';
import { configDifferences, configHash } from './config-hash';
import { migrateResult, PACKAGE, validateResult, type RunResult } from './result';
import { RESULT_SCHEMA_VERSION } from './result-schema';

export function writeResultFile(path: string, result: RunResult): void {
  validateResult(result, path);
  writeFileAtomic(path, `${JSON.stringify(result, null, 1)}\n`, { createFolder: true });
}

/** A result file this version cannot read because a newer one wrote it (never redone or overwritten). */
export class NewerResultError extends Error {}

/** Before the schema: is it a result at all, and one of a version this code knows? */
function checkKind(value: unknown, path: string): void {
  const r = value as { schema?: unknown; version?: unknown; environment?: { package?: { version?: unknown } } } | null;
  if (r?.schema !== 'd2ace-run') throw new Error(`${path}: not a d2ace result file (it has no "schema": "d2ace-run")`);
  if (typeof r.version === 'number' && r.version > RESULT_SCHEMA_VERSION) {
    const writer = typeof r.environment?.package?.version === 'string' ? `d2ace-webgpu ${r.environment.package.version}` : 'a newer d2ace-webgpu';
    throw new NewerResultError(
      `${path}: written by ${writer} with result schema v${r.version}; this is d2ace-webgpu ${PACKAGE.version}, which reads schema v1 to v${RESULT_SCHEMA_VERSION}: update d2ace-webgpu to read it`,
    );
  }
}

export function readResultFile(path: string): RunResult {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot read a result: ${(error as Error).message}`);
  }
  checkKind(value, path);
  value = migrateResult(value);
  validateResult(value, path);
  return value;
}

/** Where a sweep keeps the result of one run. */
export function resultPath(outDir: string, run: { id: string }): string {
  return join(outDir, `${run.id}.json`);
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
  } catch (error) {
    // A newer version's result is not ours to overwrite: the sweep stops with its message.
    if (error instanceof NewerResultError) throw error;
    return { state: 'unfinished' };
  }
  if (stored.status !== 'complete') return { state: 'unfinished' };
  // Both hashes by this version's rules: the stored one may come from an older rule.
  if (configHash(stored.config) === configHash(planned)) return { state: 'finished' };
  return { state: 'changed', differences: configDifferences(stored.config, planned) };
}
