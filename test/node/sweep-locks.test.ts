/**
 * Two sweeps on one output folder split the work instead of doing it twice; a lock left by a
 * killed sweep is taken over; a live one is respected (waited for, or left with a message), and
 * --fresh never deletes what another sweep is writing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, afterAll } from 'vitest';
import { readResultFile } from '../../src/results/result-file';
import { claimRun } from '../../src/node/run-claims';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));
const d2ace = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 300_000 });
// On WebGPU (slow on software adapters): the runs must last long enough for the sweeps to meet.
const experiment = { datasets: ['yeast'], methods: ['d2ace', 'uniform'], models: ['mlp'], seeds: [0], runtime: 'node', train: { epochs: 2, mlpWidths: [8], lrWarmupEpochs: 1 } };
const FIRST = 'yeast__mlp__d2ace__official__seed0';
const SECOND = 'yeast__mlp__uniform__official__seed0';

function sweepFolder(): { file: string; out: string } {
  const dir = scratchDir('sweep-locks');
  const file = join(dir, 'e.json');
  writeFileSync(file, JSON.stringify(experiment));
  const out = join(dir, 'out');
  mkdirSync(out);
  return { file, out };
}

/** Runs `d2ace run` in the background, collecting stderr; resolves with its exit code and output. */
function background(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  const until = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (pattern.test(stderr)) {
          clearInterval(timer);
          resolve();
        }
      }, 50);
      void done.then(() => {
        clearInterval(timer);
        if (!pattern.test(stderr)) reject(new Error(`exited before ${pattern}: ${stderr}`));
      });
    });
  return { child, done, until, stderr: () => stderr };
}

describe('sweeps on one output folder', () => {
  it('two concurrent sweeps train every run exactly once, and both end with every run finished', async () => {
    const { file, out } = sweepFolder();
    const a = background(['run', file, '--out', out]);
    await a.until(new RegExp(`run 1/2: ${FIRST}`));
    const b = background(['run', file, '--out', out]);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stderr).toContain(`busy ${FIRST}: another d2ace run is training it (PID ${a.child.pid}, since `);
    // B then takes the second run, or, if A claimed it first, waits for it: either way...
    // Each run was trained by exactly one of them.
    for (const id of [FIRST, SECOND]) expect((ra.stderr + rb.stderr).match(new RegExp(`done ${id}:`, 'g'))).toHaveLength(1);
    for (const id of [FIRST, SECOND]) expect(readResultFile(join(out, `${id}.json`)).status).toBe('complete');
    expect(readdirSync(out).filter((f) => f.endsWith('.lock'))).toEqual([]);
  }, 300_000);

  it("a killed sweep's lock is taken over; a live process's lock is left with a message; --fresh never deletes held runs", () => {
    const { file, out } = sweepFolder();
    // A lock of a process that no longer exists (a SIGKILL leaves one).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(out, `${FIRST}.json.lock`), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const r = d2ace(['run', file, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('2 run(s) done, 0 skipped as finished');
    expect(existsSync(join(out, `${FIRST}.json.lock`))).toBe(false);

    // This test process is alive: its claim blocks the run for others.
    const claim = claimRun(join(out, `${SECOND}.json`));
    expect(claim.claimed).toBe(true);
    try {
      const fresh = d2ace(['run', file, '--out', out, '--fresh']);
      expect(fresh.status).toBe(1);
      expect(fresh.stderr).toContain(`d2ace: --fresh: 1 run(s) in ${out} are being trained by another process (${SECOND}: PID ${process.pid}, since `);
      expect(fresh.stderr).toContain('nothing was deleted or run');
      expect(readResultFile(join(out, `${SECOND}.json`)).status).toBe('complete');
      // The held run is finished already: a resumed sweep skips it without touching the lock.
      const again = d2ace(['run', file, '--out', out, '--when-busy', 'leave']);
      expect(again.stderr).toContain('0 run(s) done, 2 skipped as finished');
      const never = d2ace(['run', file, '--out', out, '--when-busy', 'never']);
      expect([never.status, never.stderr.split('\n')[0]]).toEqual([2, "error: option '--when-busy <what>' argument 'never' is invalid. expected 'wait' or 'leave', got 'never'"]);
    } finally {
      if (claim.claimed) claim.release();
    }
    const again = claimRun(join(out, `${SECOND}.json`));
    expect(again.claimed).toBe(true); // released: free again
    if (again.claimed) again.release();
  }, 300_000);

  it('a sweep ended by SIGTERM removes its lock', async () => {
    const { file, out } = sweepFolder();
    const a = background(['run', file, '--out', out]);
    await a.until(new RegExp(`run 1/2: ${FIRST}`));
    expect(existsSync(join(out, `${FIRST}.json.lock`))).toBe(true);
    a.child.kill('SIGTERM');
    const { code } = await a.done;
    expect(code).toBe(143);
    expect(readdirSync(out).filter((f) => f.endsWith('.lock'))).toEqual([]);
  }, 120_000);

  it('--when-busy leave: a run held by a live process is left to it, and named', () => {
    const { file, out } = sweepFolder();
    const claim = claimRun(join(out, `${FIRST}.json`));
    try {
      const r = d2ace(['run', file, '--out', out, '--when-busy', 'leave']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(`busy ${FIRST}: another d2ace run is training it (PID ${process.pid}, since `);
      expect(r.stderr).toContain('; left to it');
      expect(r.stderr).toContain(`1 run(s) left to other processes, not finished yet: ${FIRST}`);
      expect(existsSync(join(out, `${FIRST}.json`))).toBe(false);
      expect(readResultFile(join(out, `${SECOND}.json`)).status).toBe('complete');
    } finally {
      if (claim.claimed) claim.release();
    }
  }, 300_000);
});
