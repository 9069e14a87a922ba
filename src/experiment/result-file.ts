/** Result files on disk: validated on write (atomically, so a half-written file never exists) and on read. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrateResult, validateResult, type RunResult } from './result';

export function writeResultFile(path: string, result: RunResult): void {
  validateResult(result, path);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.partial-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(result, null, 1)}\n`);
  renameSync(temporary, path);
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
