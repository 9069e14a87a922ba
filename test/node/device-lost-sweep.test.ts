/**
 * A sweep whose GPU device is lost mid-run: the run ends with an error naming the epoch, is not
 * written as complete, is trained once more on a new device, and the sweep goes on; its summary
 * says what was retried.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planRuns } from '../../src/experiment/experiment';
import { runSweep } from '../../src/experiment/sweep';
import { readResultFile, resultPath } from '../../src/results/result-file';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

describe('a lost device in a sweep', () => {
  it('retries the run once on a new device and finishes the sweep', async () => {
    const out = join(scratchDir('device-lost'), 'out');
    mkdirSync(out);
    const runs = planRuns({ datasets: ['yeast'], methods: ['uniform', 'd2ace'], models: ['mlp'], seeds: [0], runtime: 'node', train: { epochs: 3, mlpWidths: [8], lrWarmupEpochs: 1 } });
    let destroyed = false;
    const retried: string[] = [];
    const summary = await runSweep(runs, out, {
      hooksFor: () => ({
        warn: () => undefined,
        onEpoch: (record) => {
          // Someone else destroys the device after the first run's second epoch.
          if (destroyed || record.epoch !== 1) return;
          destroyed = true;
          (tf.backend() as WebGPUBackend).device.destroy();
        },
      }),
      onRetry: (run, error) => retried.push(`${run.id}: ${error.message}`),
    });
    expect(destroyed).toBe(true);
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatch(/^yeast__mlp__uniform__official__seed0: GPU device lost \(destroyed\) in epoch 3 of 3/);
    expect(summary.retried.map((r) => r.run.id)).toEqual(['yeast__mlp__uniform__official__seed0']);
    expect(summary).toMatchObject({ ran: 2, interrupted: false });
    for (const run of runs) {
      const result = readResultFile(resultPath(out, run));
      expect(result.status).toBe('complete');
      expect(result.history).toHaveLength(3);
    }
  });
});
