/**
 * Output files written whole or not at all: the data goes to `<path>.partial-<pid>` and is
 * renamed over the path, so a full disk or a kill never leaves a truncated report or result.
 * A failure names the path (ENOSPC, EACCES, a missing folder) and removes the partial file;
 * partial files that a killed process left beside the path are removed first.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes `<path>.partial-<pid>` files whose writer is gone; another live writer's are left alone. */
export function removeStalePartials(path: string): string[] {
  const dir = dirname(path);
  const prefix = `${basename(path)}.partial-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid !== process.pid && processAlive(pid)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

/** Why a write failed, with the path first: "report.html: cannot write it (ENOSPC: no space left on device)". */
export function writeError(path: string, error: unknown): Error {
  const e = error as NodeJS.ErrnoException;
  const detail = e.code ? `${e.code}: ${e.message.replace(new RegExp(`^${e.code}: `), '').replace(/, \w+ '[^']*'$/, '').replace(/, write$/, '')}` : e.message;
  return new Error(`${path}: cannot write it (${detail})`);
}

export function writeFileAtomic(path: string, data: string | Uint8Array, options: { createFolder?: boolean } = {}): void {
  const temporary = `${path}.partial-${process.pid}`;
  try {
    if (options.createFolder) mkdirSync(dirname(path), { recursive: true });
    removeStalePartials(path);
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // There is no folder to hold it (ENOTDIR): nothing was written.
    }
    throw writeError(path, error);
  }
}
