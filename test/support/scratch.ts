/**
 * What tests leave behind, taken back: scratch folders removed and background servers ended as
 * a whole process group, on success and on failure alike. Test files call `removeScratch` in an
 * after-all hook; the exit hook is the last resort for a worker that stops early.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every scratch folder of the project's tests starts with this, so a leftover is easy to spot. */
export const SCRATCH_PREFIX = 'd2ace-test-';

const made: string[] = [];

/** A fresh folder under the system's temporary directory, removed by `removeScratch`. */
export function scratchDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${SCRATCH_PREFIX}${name}-`));
  made.push(dir);
  return dir;
}

export function removeScratch(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

process.on('exit', removeScratch);

/** A TCP port the system says is free now (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface BackgroundGroup {
  pid: number;
  /** Ends the whole group (npx, its shell, the server it started): SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/** Whether any process of the group is alive (for the test that checks these helpers). */
export const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts a command in a process group of its own, so that stopping it ends its children too. */
export function startGroup(command: string, args: string[], options: SpawnOptions = {}): BackgroundGroup {
  const child = spawn(command, args, { stdio: 'ignore', ...options, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  const onExit = () => kill('SIGKILL');
  process.on('exit', onExit);
  return {
    pid,
    async stop() {
      kill('SIGTERM');
      for (let i = 0; i < 50 && groupAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (groupAlive(pid)) kill('SIGKILL');
      for (let i = 0; i < 20 && groupAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      process.off('exit', onExit);
      if (groupAlive(pid)) throw new Error(`process group ${pid} (${command} ${args.join(' ')}) is still alive after SIGKILL`);
    },
  };
}
