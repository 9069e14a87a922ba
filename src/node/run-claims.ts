/**
 * Claims on a sweep's runs, so that two `d2ace run` processes on one output folder (or
 * Playwright workers, or a sweep started twice by mistake) never train the same run. Before a
 * run trains, its process creates `<result>.lock` exclusively (O_EXCL), holding its PID, host
 * and start time; the lock goes when the result is written or the process exits. A lock whose
 * process is gone (same host, PID not alive: a SIGKILL, a crash) is stale and taken over.
 * Locks of another host cannot be checked: they are respected, and the message names them.
 */
import { closeSync, existsSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export type Claim = { claimed: true; release: () => void } | { claimed: false; holder: LockHolder | null; path: string };

/** A lock left empty by a process killed between creating and writing it is stale after this. */
const EMPTY_LOCK_STALE_MS = 10_000;

const held = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A second Ctrl-C exits at once: the locks this process holds go with it.
  process.on('exit', () => {
    for (const path of held) rmSync(path, { force: true });
  });
  // `kill` and a closed terminal end the process without 'exit' unless it is asked for; where
  // someone else handles the signal (the CLI stops the run after its step), they decide.
  for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) process.exit(code);
    });
  }
}

export function lockPathFor(resultPath: string): string {
  return `${resultPath}.lock`;
}

function readHolder(path: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? { pid: value.pid, host: value.host, startedAt: String(value.startedAt ?? '') } : null;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a lock file's process is gone: its host is this one and its PID is not alive, or it stayed empty. */
function isStale(path: string, holder: LockHolder | null): boolean {
  if (!holder) {
    try {
      return Date.now() - statSync(path).mtimeMs > EMPTY_LOCK_STALE_MS;
    } catch {
      return true;
    }
  }
  return holder.host === hostname() && holder.pid !== process.pid && !pidAlive(holder.pid);
}

/** Moves a stale lock out of the way; puts it back if, by then, it was another process's fresh lock. */
function removeStale(path: string, judged: LockHolder | null): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // another process took it first
  }
  const moved = readHolder(aside);
  if (moved && judged && (moved.pid !== judged.pid || moved.startedAt !== judged.startedAt)) {
    try {
      linkSync(aside, path); // fails if a lock is there again: then that one stands
    } catch {
      // Nothing to restore over.
    }
  }
  rmSync(aside, { force: true });
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`cannot create the lock ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() } satisfies LockHolder));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Claims the run whose result goes to `resultPath`: a release function, or who holds it. */
export function claimRun(resultPath: string): Claim {
  const path = lockPathFor(resultPath);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path)) {
      installExitHook();
      held.add(path);
      return {
        claimed: true,
        release: () => {
          held.delete(path);
          rmSync(path, { force: true });
        },
      };
    }
    const holder = readHolder(path);
    if (!isStale(path, holder)) return { claimed: false, holder, path };
    removeStale(path, holder);
  }
  return { claimed: false, holder: readHolder(path), path };
}

/** Who holds the run's lock, if a live process does (stale locks count as free). */
export function liveHolder(resultPath: string): LockHolder | null {
  const path = lockPathFor(resultPath);
  if (!existsSync(path)) return null;
  const holder = readHolder(path);
  return isStale(path, holder) ? null : (holder ?? { pid: 0, host: 'unknown', startedAt: '' });
}

export function describeHolder(holder: LockHolder | null, path: string): string {
  if (!holder) return `a process that has not yet written ${path}`;
  const where = holder.host === hostname() ? `PID ${holder.pid}` : `PID ${holder.pid} on ${holder.host} (another host: remove ${path} if that process is gone)`;
  return `${where}, since ${holder.startedAt}`;
}
