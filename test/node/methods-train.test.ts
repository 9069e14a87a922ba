/**
 * Every registered method trains end to end in Node through `d2ace train`, and the same seed
 * gives the same run with its GPU math and with its TypeScript twin.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, afterAll } from 'vitest';
import { readResultFile } from '../../src/results/result-file';
import { fitScheduleToRun } from '../../src/selection/fit-schedule';
import { SELECTION_METHODS } from '../../src/selection/registry';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));
const train = (args: string[]) => spawnSync(process.execPath, [bin, 'train', ...args], { encoding: 'utf8', timeout: 240_000 });

describe.each(SELECTION_METHODS.filter((m) => m.name !== 'uniform').map((m) => [m.name, m] as const))('%s: d2ace train, GPU against twin', (name, method) => {
  it('gives the same run for the same seed, with 0 readbacks per step on the GPU', () => {
    const dir = scratchDir(`train-${name}`);
    const args = ['--runtime', 'node', '--method', name, '--epochs', '4', '--mlp-widths', '16', '--warmup-epochs', '2', '--lr-warmup-epochs', '1', '--lr', '3e-3', '--seed', '7'];
    const run = (backend: string) => {
      const out = join(dir, `${backend}.json`);
      const r = train([...args, '--selector-backend', backend, '--out', out]);
      expect(r.status, r.stderr).toBe(0);
      return readResultFile(out);
    };
    const gpu = run('gpu');
    const twin = run('cpu');
    expect(gpu.readbacks!.perStep).toBe(0);
    // The options as fitted to the 4-epoch run (the default schedule epochs scaled, the given warm-up kept).
    expect(gpu.selection).toEqual({ method: name, backend: 'gpu', options: fitScheduleToRun(method, { warmupEpochs: 2 }, 4).options });
    expect(gpu.selection.options['warmupEpochs']).toBe(2);
    expect(gpu.history[3]!.selector).toMatchObject({ method: name, phase: 'selection' });
    const curve = (r: typeof gpu) => r.history.map((h) => h.validation.macro_auc);
    // D2ACE's twin computes its distribution in f64 (the GPU in f32): a batch may differ, so
    // its runs agree closely rather than bit for bit; so does UBS's (its mutual information
    // takes f32 logarithms on the GPU, f64 in the twin); the other baselines' twins round like the GPU.
    if (name === 'd2ace' || name === 'ubs') {
      curve(twin).forEach((v, e) => expect(Math.abs(v! - curve(gpu)[e]!), `epoch ${e}`).toBeLessThan(0.02));
    } else {
      expect(curve(twin)).toEqual(curve(gpu));
      expect(twin.test!.best).toEqual(gpu.test!.best);
    }
  });
});
