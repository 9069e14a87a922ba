/**
 * Reports never average what should not be averaged, and never misread a file: a newer schema
 * version is named as such, interrupted runs are listed apart (not counted in a row's runs),
 * runs of differing settings get rows of their own named by what differs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, afterAll } from 'vitest';
import { groupRuns } from '../../src/report/aggregate';
import { configDifferences, configHash } from '../../src/results/config-hash';
import type { RunResult } from '../../src/results/result';
import { readResultFile } from '../../src/results/result-file';
import { apartLines } from '../../src/report/runs-apart';
import { resolveTrainConfig } from '../../src/train/config';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));
const d2ace = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 240_000 });

describe('report integrity', () => {
  let dir: string;
  let base: RunResult;
  // One real result; the others are edited copies (a report reads files, it does not train).
  beforeAll(() => {
    dir = scratchDir('report-integrity');
    const out = join(dir, 'base.json');
    const r = d2ace(['train', '--method', 'uniform', '--epochs', '2', '--mlp-widths', '8', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    base = readResultFile(out);
  }, 240_000);

  const variant = (edit: (r: RunResult) => void): RunResult => {
    const r = structuredClone(base);
    edit(r);
    return r;
  };
  const write = (folder: string, name: string, r: unknown) => writeFileSync(join(folder, `${name}.json`), JSON.stringify(r));

  it('a file from a newer schema version is named as such, not reported as schema errors', () => {
    const folder = mkdtempSync(join(dir, 'newer-'));
    write(folder, 'future', { ...base, version: 9, environment: { ...base.environment, package: { name: 'd2ace-webgpu', version: '3.1.0' } }, somethingNew: [1] });
    const r = d2ace(['report', folder]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      `d2ace: ${join(folder, 'future.json')}: written by d2ace-webgpu 3.1.0 with result schema v9; this is d2ace-webgpu 0.1.0, which reads schema v1 to v5: update d2ace-webgpu to read it (--skip-unreadable reports over the other files and lists this one)`,
    );
    write(folder, 'future', { hello: 'world' });
    expect(d2ace(['report', folder]).stderr.trim()).toBe(`d2ace: ${join(folder, 'future.json')}: not a d2ace result file (it has no "schema": "d2ace-run") (--skip-unreadable reports over the other files and lists this one)`);
  });

  it('an interrupted run is listed apart and not counted in its row', () => {
    const seed1 = variant((r) => (r.config.seed = 1));
    const cut = variant((r) => {
      r.config.seed = 2;
      r.status = 'interrupted';
      r.test = null;
      r.best = null;
      r.history = r.history.slice(0, 1);
    });
    const groups = groupRuns([base, seed1, cut]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.runs).toEqual([base, seed1]);
    expect(groups[0]!.test.best.macro_auc.n).toBe(2);
    expect(apartLines([base, seed1, cut])).toEqual([
      '**1 run(s) did not finish and are not in the tables or the tests**: uniform on yeast (mlp, official, seed 2: interrupted after 1 of 2 epochs). Run the sweep again to finish them.',
    ]);
    const folder = mkdtempSync(join(dir, 'cut-'));
    [base, seed1, cut].forEach((r, k) => write(folder, `r${k}`, r));
    const report = d2ace(['report', folder]);
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).toContain('| yeast | mlp (recipe mlp) | uniform | 2 |');
    expect(report.stdout).toContain('**1 run(s) did not finish and are not in the tables or the tests**: uniform on yeast');
  });

  it('runs whose settings differ are kept in separate rows, named by the keys that differ', () => {
    const longer = [0, 1].map((seed) =>
      variant((r) => {
        r.config.seed = seed;
        r.config.epochs = 5;
      }),
    );
    const d2aceRun = (window: number, seed: number) =>
      variant((r) => {
        Object.assign(r.config, { method: 'd2ace', seed, methodOptions: { d2ace: { window }, obs: { pressureStart: 3 } } });
      });
    const results = [base, variant((r) => (r.config.seed = 1)), ...longer, d2aceRun(5, 0), d2aceRun(7, 0)];
    const rows = groupRuns(results).map((g) => [g.model, g.method, g.runs.length]);
    expect(rows).toEqual([
      ['mlp [epochs 2]', 'd2ace [window 5]', 1],
      ['mlp [epochs 2]', 'd2ace [window 7]', 1],
      ['mlp [epochs 2]', 'uniform', 2],
      ['mlp [epochs 5]', 'uniform', 2],
    ]);
    expect(apartLines(results)).toEqual([
      '**Runs of yeast (mlp) differ in epochs**: each setting in its own rows; methods are compared only within one setting (mlp [epochs 2]; mlp [epochs 5]).',
      '**Runs of d2ace on yeast (mlp) differ in window**: each setting in its own row, not averaged (d2ace [window 5]; d2ace [window 7]).',
    ]);
    // Replicates (seeds, folds) and the options of OTHER methods never split a row.
    expect(apartLines([base, variant((r) => Object.assign(r.config, { seed: 3, methodOptions: { d2ace: { window: 9 } } }))])).toEqual([]);
  });

  it("a run's identity counts its own method's options only", () => {
    const uniform = resolveTrainConfig({ method: 'uniform', epochs: 4 });
    const withOthers = { ...uniform, methodOptions: { d2ace: { window: 7 } } };
    expect(configHash(withOthers)).toBe(configHash(uniform));
    expect(configDifferences(uniform, withOthers)).toEqual([]);
    const d2 = resolveTrainConfig({ method: 'd2ace', epochs: 4, methodOptions: { d2ace: { window: 6 } } });
    expect(configDifferences(d2, { ...d2, methodOptions: { d2ace: { window: 7 } } })).toEqual(['methodOptions.d2ace.window: 6 -> 7']);
  });

  it('the HTML report shows what was kept apart', () => {
    const folder = mkdtempSync(join(dir, 'html-'));
    write(folder, 'a', base);
    write(folder, 'b', variant((r) => (r.config.epochs = 5)));
    const html = join(folder, 'report.html');
    expect(d2ace(['report', folder, '--html', html]).status).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<p class="note apart"><strong>Runs of yeast (mlp) differ in epochs</strong>');
  });
});
