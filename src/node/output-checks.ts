/**
 * Output paths checked BEFORE training, so a run's hours are never lost to a path that cannot
 * be written: a result file must be writable, not a directory, and not an existing file that is
 * not a d2ace result (refused unless forced); a sweep's folder must be writable.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '')}` : String((error as Error).message ?? error);
}

/** Creates `dir` if needed and writes and removes a probe file there; throws naming the folder. */
export function checkWritableFolder(dir: string, what = 'output folder'): void {
  const path = resolve(dir);
  if (existsSync(path) && !statSync(path).isDirectory()) throw new Error(`${what} ${path} exists and is not a folder; nothing was run`);
  const probe = join(path, `.d2ace-write-check-${process.pid}`);
  try {
    mkdirSync(path, { recursive: true });
    const fd = openSync(probe, 'w');
    writeSync(fd, 'ok');
    closeSync(fd);
  } catch (error) {
    throw new Error(`${what} ${path} cannot be written (${reason(error)}); nothing was run`);
  } finally {
    try {
      rmSync(probe, { force: true });
    } catch {
      // The folder could not be made: there is no probe to remove.
    }
  }
}

/** Whether `path` holds a d2ace result (any schema version): only those may be replaced without --force. */
function isResultFile(path: string): boolean {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as { schema?: unknown };
    return value?.schema === 'd2ace-run';
  } catch {
    return false;
  }
}

/** `--out` of one run: its folder writable, the path not a folder, an existing file only a result (or forced). */
export function checkOutputFile(path: string, options: { force?: boolean } = {}): void {
  const target = resolve(path);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new Error(`--out ${target} is a folder; give a file name (e.g. ${join(target, 'run.json')}); nothing was run`);
    if (!options.force && !isResultFile(target)) {
      throw new Error(`--out ${target} exists and is not a d2ace result file; it is left as it is (use --force to replace it); nothing was run`);
    }
  }
  checkWritableFolder(dirname(target), `the folder of --out`);
}

/** Where a result goes when its own path failed at the end: a fresh name in the system's temporary folder. */
export function fallbackResultPath(now = new Date()): string {
  return join(tmpdir(), `d2ace-result-${now.toISOString().replace(/[:.]/g, '-')}-${process.pid}.json`);
}
