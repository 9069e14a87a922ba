import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, afterAll } from 'vitest';
import { bestMethods, groupKey, groupRuns, meanStd } from '../../src/report/aggregate';
import { configDifferences, configHash } from '../../src/results/config-hash';
import { METHOD_NAMES } from '../../src/selection/registry';
import { resolveTrainConfig } from '../../src/train/config';
import { parseExperiment, parseShard, planRuns, shardRuns } from '../../src/experiment/experiment';
import { readResultFile, writeResultFile } from '../../src/results/result-file';
import { validateResult } from '../../src/results/result';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));
const d2ace = (args: string[], timeout = 240_000) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout });
const TINY = ['--epochs', '3', '--mlp-widths', '16', '--warmup-epochs', '1', '--lr-warmup-epochs', '1', '--lr', '3e-3'];

describe('d2ace train end to end (Node)', () => {
  it.each(['d2ace', 'uniform'])('%s: a schema-valid result with best and last test metrics and 0 readbacks per step', (method) => {
    const out = join(scratchDir('train'), 'run.json');
    // uniform has no warm-up option: passing one of D2ACE's flags to it is an error (checked below).
    const args = method === 'uniform' ? TINY.filter((_, k) => k < 4 || k > 5) : TINY;
    const r = d2ace(['train', '--runtime', 'node', '--method', method, ...args, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const result = readResultFile(out);
    expect(result.status).toBe('complete');
    expect(result.environment.compute).toMatchObject({ kind: 'webgpu', tfjsBackend: 'webgpu', reason: 'WebGPU, as asked (--runtime node)' });
    expect(result.history).toHaveLength(3);
    expect(result.readbacks!.perStep).toBe(0);
    expect(result.readbacks!.duringSteps).toBe(0);
    expect(result.readbacks!.steps).toBe(33); // ceil(1350 / 128) = 11 per epoch
    expect(Object.keys(result.test!.best)).toHaveLength(21);
    expect(Object.keys(result.test!.last)).toHaveLength(21);
    expect(result.dataset.sizes).toEqual({ train: 1350, validation: 150, test: 917 });
    expect(result.environment.runtime).toBe('node');
    if (method === 'd2ace') expect(result.history[2]!.selector).toMatchObject({ method: 'd2ace', phase: 'selection' });
    expect(r.stdout).toContain('test metric');
  });

  it("a method's default schedule longer than the run is scaled with a warning: D2ACE selects in a 3-epoch run", () => {
    const out = join(scratchDir('train'), 'run.json');
    const r = d2ace(['train', '--method', 'd2ace', '--epochs', '3', '--mlp-widths', '8', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const note = 'd2ace: the default schedule (warmupEpochs 10, pressureDecayStart 10, betaRangeStart 10, betaRangeEnd 70) does not fit 3 epochs; scaled by 3/100: warmupEpochs 10 -> 0, pressureDecayStart 10 -> 0, betaRangeStart 10 -> 0, betaRangeEnd 70 -> 2';
    expect(r.stderr).toContain(note);
    const result = readResultFile(out);
    expect(result.adjustments).toContain(note);
    expect(result.selection.options).toMatchObject({ warmupEpochs: 0, betaRangeEnd: 2 });
    expect(result.history.map((h) => h.selector['phase'])).toEqual(['selection', 'selection', 'selection']);
    // A warm-up the user set that does not fit is refused before training.
    const set = d2ace(['train', '--method', 'd2ace', '--epochs', '3', '--warmup-epochs', '3']);
    expect(set.status).toBe(2);
    expect(set.stderr.trim()).toBe('d2ace: d2ace: warmupEpochs 3 (must be below 3) does not fit a 3-epoch run; lower it or raise epochs');
  });

  it('the CPU selector backend runs the same method through the twin', () => {
    const out = join(scratchDir('train'), 'run.json');
    const r = d2ace(['train', '--runtime', 'node', '--selector-backend', 'cpu', ...TINY, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const result = readResultFile(out);
    expect(result.readbacks!.perStep).toBeGreaterThan(0); // the twin reads each step's outputs
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s (Ctrl-C, kill or timeout, a closed terminal) leaves a valid partial result and exits %i', async (signal, exitCode) => {
    const out = join(scratchDir('train'), 'run.json');
    const child = spawn(process.execPath, [bin, 'train', '--epochs', '200', '--mlp-widths', '16', '--runtime', 'cpu', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let sent = false;
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (!sent && stderr.includes('epoch 1/200')) {
          sent = true; // one signal: a second one would quit at once
          child.kill(signal);
          resolve();
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(exitCode);
    expect(stderr).toContain(`${signal}: finishing the current step and writing a partial result`);
    const result = readResultFile(out);
    expect(result.status).toBe('interrupted');
    expect(result.test).toBeNull();
    expect(result.history.length).toBeGreaterThanOrEqual(1);
    expect(result.history.length).toBeLessThan(200);
  });

  it('SIGTERM during d2ace run records the run as interrupted, releases its lock and exits 143', async () => {
    const dir = scratchDir('sweep-term');
    const file = join(dir, 'e.json');
    writeFileSync(file, JSON.stringify({ datasets: ['yeast'], methods: ['uniform'], models: ['mlp'], seeds: [0], runtime: 'cpu', train: { epochs: 300, mlpWidths: [16] } }));
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [bin, 'run', file, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/epoch 1\/300/.test(stderr)) resolve();
      });
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(143);
    expect(readdirSync(out).sort()).toEqual(['yeast__mlp__uniform__official__seed0.json']);
    expect(readResultFile(join(out, 'yeast__mlp__uniform__official__seed0.json')).status).toBe('interrupted');
  });

  it('bad options end with a clear message and a non-zero exit', () => {
    const r = d2ace(['train', '--epochs', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('d2ace: invalid training configuration: epochs must be a positive integer, got 0');
    const bad = d2ace(['train', '--method', 'random', '--model', 'gpt']);
    expect(bad.stderr.trim()).toBe(`d2ace: unknown selection method 'random' (methods: ${METHOD_NAMES.join(', ')})`);
    const model = d2ace(['train', '--method', 'uniform', '--model', 'gpt']);
    expect(model.stderr.trim()).toBe("d2ace: invalid training configuration: model must be 'mlp' or 'clif', got 'gpt'");
    const foreign = d2ace(['train', '--method', 'uniform', '--window', '3']);
    expect(foreign.stderr.trim()).toBe("d2ace: option --window belongs to d2ace, recency-bias, not to method 'uniform'");
    const value = d2ace(['train', '--method', 'd2ace', '--window', '1', '--loss-norm', 'odd']);
    expect(value.stderr.trim()).toBe("d2ace: invalid training configuration: invalid d2ace configuration: window must be an integer >= 2, got 1; lossNorm must be 'reference' or 'bounded', got \"odd\"");
    const data = d2ace(['train', '--dataset', 'nope']);
    expect(data.status).toBe(1);
    expect(data.stderr).toContain("dataset 'nope' not found");
  });
});

describe('sweeps', () => {
  const experiment = { datasets: ['yeast'], methods: ['d2ace', 'uniform'], models: ['mlp'], seeds: [0], train: { epochs: 2, mlpWidths: [16], lrWarmupEpochs: 1 }, methodOptions: { d2ace: { warmupEpochs: 1 } } };

  it('perDataset gives some datasets their own training settings, for every method, and refuses a dataset the sweep does not run', () => {
    const e = parseExperiment(
      JSON.stringify({ datasets: ['yeast', 'scene'], methods: ['uniform', 'd2ace'], models: ['mlp'], train: { recipe: 'mlp' }, perDataset: { yeast: { recipe: 'mlp-high-lr' } } }),
      'e.json',
    );
    const lrs = planRuns(e).map((r) => `${r.config.dataset}/${r.config.method}: ${r.config.recipe} ${r.config.lr}`);
    expect(lrs).toEqual(['yeast/uniform: mlp-high-lr 0.01', 'yeast/d2ace: mlp-high-lr 0.01', 'scene/uniform: mlp 0.003', 'scene/d2ace: mlp 0.003']);
    expect(() => parseExperiment(JSON.stringify({ datasets: ['yeast'], methods: ['uniform'], models: ['mlp'], perDataset: { yaest: { lr: 0.01 } } }), 'e.json')).toThrow(
      "e.json: invalid experiment: /perDataset/yaest: 'yaest' is not one of the datasets (did you mean 'yeast'?)",
    );
    expect(() => parseExperiment(JSON.stringify({ datasets: ['yeast'], methods: ['uniform'], models: ['mlp'], perDataset: { yeast: { lrr: 0.01 } } }), 'e.json')).toThrow(
      "e.json: invalid experiment: /perDataset/yeast must NOT have additional properties 'lrr' (did you mean 'lr'?)",
    );
  });

  it('plans the product of the axes, shards it, and rejects bad experiment files', () => {
    const e = parseExperiment(JSON.stringify({ ...experiment, split: 'cv5', folds: [0, 3], seeds: [1, 2] }), 'e.json');
    const runs = planRuns(e);
    expect(runs).toHaveLength(8);
    expect(runs[0]!.id).toBe('yeast__mlp__d2ace__cv5-fold0__seed1');
    expect(shardRuns(runs, parseShard('2/3')).map((r) => r.id)).toEqual([runs[1]!.id, runs[4]!.id, runs[7]!.id]);
    expect(() => parseShard('4/3')).toThrow("--shard must be i/n with 1 <= i <= n, got '4/3'");
    expect(() => parseExperiment('{"datasets": [], "methods": ["x"], "models": ["mlp"], "extra": 1}', 'e.json')).toThrow(
      `e.json: invalid experiment: / must NOT have additional properties 'extra'; /datasets must NOT have fewer than 1 items; /methods: 'x' is neither a method nor a variant (methods: ${METHOD_NAMES.join(', ')})`,
    );
    expect(() => parseExperiment('{', 'e.json')).toThrow('e.json: not valid JSON');
  });

  it('an unknown key at any level fails before any run, with its path and the closest key', () => {
    const text = JSON.stringify({ ...experiment, train: { epoch: 2, mlpWidth: [16], bacth: 64 }, methodOptions: { d2ace: { windw: 7 } } });
    expect(() => parseExperiment(text, 'e.json')).toThrow(
      "e.json: invalid experiment: /train must NOT have additional properties 'epoch' (did you mean 'epochs'?); /train must NOT have additional properties 'mlpWidth' (did you mean 'mlpWidths'?); /train must NOT have additional properties 'bacth' (did you mean 'batch'?); /methodOptions/d2ace must NOT have additional properties 'windw' (did you mean 'window'?)",
    );
    // Far from every key: no guess. A variant's options go through the method's own table.
    expect(() => parseExperiment(JSON.stringify({ ...experiment, train: { zzz: 1 } }), 'e.json')).toThrow("e.json: invalid experiment: /train must NOT have additional properties 'zzz'");
    const variant = JSON.stringify({ ...experiment, methods: ['v'], variants: { v: { method: 'd2ace', options: { windw: 7 } } } });
    expect(() => parseExperiment(variant, 'e.json')).toThrow("e.json: invalid experiment: /variants/v: invalid d2ace configuration: unknown option 'windw' (did you mean 'window'?)");
    // A value of the wrong type in train is named too.
    expect(() => parseExperiment(JSON.stringify({ ...experiment, train: { epochs: 'ten' } }), 'e.json')).toThrow('e.json: invalid experiment: /train/epochs must be integer');
  });

  it('variants name a method with options: their runs carry the label, their options go over methodOptions', () => {
    const e = parseExperiment(JSON.stringify({ ...experiment, methods: ['d2ace', 'd2ace-epoch'], variants: { 'd2ace-epoch': { method: 'd2ace', options: { draw: 'epoch' } } } }), 'e.json');
    const [plain, variant] = planRuns(e);
    expect(plain!.id).toBe('yeast__mlp__d2ace__official__seed0');
    expect(plain!.config.label).toBeUndefined();
    expect(variant!.id).toBe('yeast__mlp__d2ace-epoch__official__seed0');
    expect(variant!.config).toMatchObject({ method: 'd2ace', label: 'd2ace-epoch', methodOptions: { d2ace: { warmupEpochs: 1, draw: 'epoch' } } });
    const bad = (variants: unknown, methods = ['v']) => () => parseExperiment(JSON.stringify({ ...experiment, methods, variants }), 'e.json');
    expect(bad({ v: { method: 'd2ace', options: { draw: 'all' } } })).toThrow("e.json: invalid experiment: /variants/v: invalid d2ace configuration: draw must be 'independent' or 'epoch', got \"all\"");
    expect(bad({ obs: { method: 'd2ace' } }, ['obs'])).toThrow("e.json: invalid experiment: /variants/obs: label 'obs' is the name of another method; runs of d2ace cannot go by it");
    expect(bad({ v: { method: 'd2acee' } })).toThrow('e.json: invalid experiment: /variants/v/method must be equal to one of the allowed values');
    expect(bad({ w: { method: 'd2ace' } })).toThrow(`e.json: invalid experiment: /methods: 'v' is neither a method nor a variant (methods: ${METHOD_NAMES.join(', ')}, w)`);
  });

  it('the config hash: the same settings in any order give the same hash; dataDir does not count; differences are named', () => {
    const base = resolveTrainConfig({ epochs: 4, methodOptions: { d2ace: { window: 6, alpha: 0.5 } } });
    const reordered = { ...base, methodOptions: { d2ace: { alpha: 0.5, window: 6 } } };
    expect(configHash(reordered)).toBe(configHash(base));
    expect(configHash({ ...base, dataDir: 'elsewhere' })).toBe(configHash(base));
    const other = { ...base, epochs: 5, methodOptions: { d2ace: { window: 7, alpha: 0.5 } } };
    expect(configHash(other)).not.toBe(configHash(base));
    expect(configDifferences(base, other)).toEqual(['epochs: 4 -> 5', 'methodOptions.d2ace.window: 6 -> 7']);
    expect(configDifferences(base, { ...base, label: 'x' })).toEqual(['label: unset -> "x"']);
  });

  it('an interrupted sweep resumes without redoing finished runs; a broken file is redone', async () => {
    const dir = scratchDir('sweep');
    const file = join(dir, 'experiment.json');
    writeFileSync(file, JSON.stringify(experiment));
    const out = join(dir, 'out');
    const first = join(out, 'yeast__mlp__d2ace__official__seed0.json');
    const second = join(out, 'yeast__mlp__uniform__official__seed0.json');
    // Kill the sweep as soon as its first run is written.
    const child = spawn(process.execPath, [bin, 'run', file, '--out', out], { stdio: 'ignore' });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(first)) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 50);
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const firstCreated = readResultFile(first).createdAt;
    expect(existsSync(second)).toBe(false);
    const r = d2ace(['run', file, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('skip yeast__mlp__d2ace__official__seed0 (finished)');
    expect(r.stderr).toContain('1 run(s) done, 1 skipped as finished');
    expect(readResultFile(first).createdAt).toBe(firstCreated);
    expect(readResultFile(second).status).toBe('complete');
    // A truncated file is not a finished run.
    writeFileSync(second, readFileSync(second, 'utf8').slice(0, 200));
    const again = d2ace(['run', file, '--out', out]);
    expect(again.stderr).toContain('1 run(s) done, 1 skipped as finished');
    expect(readResultFile(second).status).toBe('complete');
    expect(readResultFile(second).configHash).toMatch(/^[0-9a-f]{16}$/);

    // The experiment changes (3 epochs instead of 2): never skipped silently. By default the
    // sweep refuses before any run, naming the runs and the settings that differ...
    writeFileSync(file, JSON.stringify({ ...experiment, train: { ...experiment.train, epochs: 3 } }));
    const refused = d2ace(['run', file, '--out', out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`2 finished result(s) in ${out} were trained with another configuration than the experiment now asks for: yeast__mlp__d2ace__official__seed0 (epochs: 2 -> 3)`);
    expect(refused.stderr).toContain('Nothing was run. Use --on-change redo');
    expect(readResultFile(first).createdAt).toBe(firstCreated);
    // ... and with --on-change redo trains them again.
    const redone = d2ace(['run', file, '--out', out, '--on-change', 'redo']);
    expect(redone.status, redone.stderr).toBe(0);
    expect(redone.stderr).toContain('redo yeast__mlp__d2ace__official__seed0: its result came from another configuration (epochs: 2 -> 3)');
    expect(redone.stderr).toContain('2 run(s) done, 0 skipped as finished');
    expect(readResultFile(first).history).toHaveLength(3);
    const maybe = d2ace(['run', file, '--out', out, '--on-change', 'maybe']);
    expect([maybe.status, maybe.stderr.split('\n')[0]]).toEqual([2, "error: option '--on-change <what>' argument 'maybe' is invalid. expected 'refuse' or 'redo', got 'maybe'"]);
  });
});

describe('output paths are checked before any work (nothing lost, nothing overwritten)', () => {
  const quick = ['--epochs', '1', '--mlp-widths', '8'];

  it('d2ace train: a folder, a path under a file, an unwritable folder and a foreign file are refused before training', () => {
    const dir = scratchDir('out');
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    const refused = (out: string, message: string) => {
      const r = d2ace(['train', ...quick, '--out', out, '--json']);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr.trim()).toBe(`d2ace: ${message}`);
      expect(r.stdout).toBe(''); // refused before training: no result to print
    };
    refused(dir, `--out ${dir} is a folder; give a file name (e.g. ${join(dir, 'run.json')}); nothing was run`);
    refused(join(notes, 'run.json'), `the folder of --out ${notes} exists and is not a folder; nothing was run`);
    refused(notes, `--out ${notes} exists and is not a d2ace result file; it is left as it is (use --force to replace it); nothing was run`);
    expect(readFileSync(notes, 'utf8')).toBe('my notes\n');
    // /sys refuses new files even to root.
    const sys = d2ace(['train', ...quick, '--out', '/sys/d2ace-run.json']);
    expect(sys.status).toBe(1);
    expect(sys.stderr).toMatch(/^d2ace: the folder of --out \/sys cannot be written \((EACCES|EROFS|EPERM)/);
    // --force replaces the foreign file; a result file is replaced without it; no partial files stay.
    expect(d2ace(['train', ...quick, '--out', notes, '--force']).status).toBe(0);
    expect(readResultFile(notes).status).toBe('complete');
    expect(d2ace(['train', ...quick, '--out', notes]).status).toBe(0);
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('a final write that fails after training still prints the result and saves it under a fallback name', async () => {
    const dir = scratchDir('fallback');
    const folder = join(dir, 'results');
    const out = join(folder, 'run.json');
    const child = spawn(process.execPath, [bin, 'train', '--epochs', '4', '--mlp-widths', '8', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let swapped = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Training has started, so the path passed its check: now the folder becomes a file.
      if (!swapped && stderr.includes('epoch 1/4')) {
        swapped = true;
        rmSync(folder, { recursive: true, force: true });
        writeFileSync(folder, 'not a folder any more\n');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(swapped).toBe(true);
    expect(code).toBe(1);
    expect(stdout).toContain('test metric'); // printed before the write
    const saved = stderr.match(/d2ace: could not write --out .*run\.json \(.*\); the result was saved to (\S+\.json)/);
    expect(saved, stderr).not.toBeNull();
    expect(readResultFile(saved![1]!).status).toBe('complete');
    rmSync(saved![1]!);
    expect(readFileSync(folder, 'utf8')).toBe('not a folder any more\n');
  }, 240_000);

  it('a failed result write leaves no partial file beside it', () => {
    const dir = scratchDir('partial');
    const out = join(dir, 'r.json');
    expect(d2ace(['train', ...quick, '--out', out]).status).toBe(0);
    const result = readResultFile(out);
    const target = join(dir, 'taken');
    mkdirSync(target); // renaming a file onto a folder fails
    expect(() => writeResultFile(target, result)).toThrow();
    expect(readdirSync(dir).sort()).toEqual(['r.json', 'taken']);
  });

  it('d2ace run: an unknown dataset or an unwritable folder stops the sweep before its first run', () => {
    const dir = scratchDir('preflight');
    const file = join(dir, 'e.json');
    writeFileSync(file, JSON.stringify({ datasets: ['yeast', 'yeest'], methods: ['uniform'], models: ['mlp'], train: { epochs: 1 } }));
    const r = d2ace(['run', file, '--out', join(dir, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^d2ace: .*e\.json: dataset 'yeest' not found \(did you mean 'yeast'\?\): looked in .*; nothing was run\n$/s);
    expect(existsSync(join(dir, 'out', 'yeast__mlp__uniform__official__seed0.json'))).toBe(false);
    writeFileSync(file, JSON.stringify({ datasets: ['yeast'], methods: ['uniform'], models: ['mlp'], train: { epochs: 1 } }));
    const blocked = d2ace(['run', file, '--out', join(file, 'out')]);
    expect(blocked.stderr.trim()).toBe(`d2ace: --out folder ${join(file, 'out')} cannot be written (ENOTDIR: not a directory, mkdir '${join(file, 'out')}'); nothing was run`);
  });
});

describe('reports', () => {
  it('aggregates with sample std and marks the best method by direction', () => {
    expect(meanStd([1, 2, 3])).toEqual({ mean: 2, std: 1, n: 3 });
    expect(meanStd([5, Number.NaN])).toEqual({ mean: 5, std: 0, n: 1 });
  });

  it('writes HTML, CSV and Markdown from result files', () => {
    const dir = scratchDir('report');
    const runs = ['d2ace', 'uniform'].map((method) => {
      const out = join(dir, `${method}.json`);
      const r = d2ace(['train', '--method', method, ...TINY.slice(0, 2), '--mlp-widths', '8', '--out', out]);
      expect(r.status, r.stderr).toBe(0);
      return readResultFile(out);
    });
    // A variant: D2ACE with one weighted permutation per epoch, reported under its label.
    const variantOut = join(dir, 'd2ace-epoch.json');
    const variant = d2ace(['train', '--method', 'd2ace', '--draw', 'epoch', '--label', 'd2ace-epoch', ...TINY.slice(0, 2), '--mlp-widths', '8', '--out', variantOut]);
    expect(variant.status, variant.stderr).toBe(0);
    expect(variant.stdout).toMatch(/training-set coverage per epoch: mean 100\.0%, 100\.0% in selection epochs, lowest 100\.0%/);
    const groups = groupRuns([...runs, readResultFile(variantOut)]);
    expect(groups.map((g) => [g.method, g.baseMethod])).toEqual([['d2ace', 'd2ace'], ['d2ace-epoch', 'd2ace'], ['uniform', 'uniform']]);
    expect(groups[1]!.coverage).toMatchObject({ runs: 1, meanShare: { mean: 1 }, minShare: { mean: 1 } });
    expect(groups[2]!.coverage.drawsMax.mean).toBe(groups[2]!.runs[0]!.history.length);
    const best = bestMethods(groups);
    const ranking = best.get(groupKey('yeast', 'mlp', 'ranking_loss'))!;
    const lower = groups.reduce((a, b) => (a.test.best.ranking_loss.mean <= b.test.best.ranking_loss.mean ? a : b));
    expect(ranking.has(lower.key)).toBe(true);
    const html = join(dir, 'r.html');
    const csv = join(dir, 'r.csv');
    const r = d2ace(['report', dir, '--html', html, '--csv', csv]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('| yeast | clif† | published D2ACE | | 0.7305 |');
    expect(r.stdout).toContain('| yeast | mlp (recipe mlp) | d2ace | 1 run, no spread |');
    expect(r.stdout).not.toContain('± 0.0000');
    expect(r.stdout).toContain('(1 pair: no test)');
    expect(r.stdout).toContain('### Training-set coverage');
    expect(r.stdout).toContain('Leak check: in all 3 runs that recorded them, tensor and GPU buffer counts stayed flat');
    expect(r.stdout).toMatch(/\| yeast \| mlp \| d2ace-epoch \| 1 \| 100\.0% \| 100\.0% \| 100\.0% \|/);
    expect(r.stdout).toMatch(/\| yeast \| mlp \| uniform \| 1 \| 100\.0% \|/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<table class="metrics">');
    expect(page).toContain('<h2>Training-set coverage</h2>');
    expect(page).toContain('new Chart(canvas, config)');
    expect(page).not.toMatch(/<script src=/); // self-contained
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toMatch(/^dataset,model,method,runs,weights,macro_f1_mean,macro_f1_std,/);
    // The charts as images, linked from the Markdown file (headless Chromium).
    const md = join(dir, 'docs', 'RESULTS.md');
    mkdirSync(join(dir, 'docs'));
    const withImages = d2ace(['report', dir, '--md', md, '--images', join(dir, 'docs', 'img'), '--title', 'tiny study']);
    expect(withImages.status, withImages.stderr).toBe(0);
    const text = readFileSync(md, 'utf8');
    expect(text).toMatch(/^# tiny study\n\nGenerated from 3 result files by <code>npx d2ace report /);
    const links = [...text.matchAll(/!\[([^\]]+)\]\((img\/[^)]+\.png)\)/g)];
    expect(links.length).toBeGreaterThanOrEqual(3); // learning curves, loss, timings at least
    expect(links.map((l) => l[1])).toContain('yeast · mlp: validation macro-AUC');
    for (const l of links) expect(readFileSync(join(dir, 'docs', l[2]!)).subarray(1, 4).toString()).toBe('PNG');
    const bad = d2ace(['report', join(dir, 'r.csv')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('cannot read a result');
  });

  it('validates results against the schema with a readable error', () => {
    expect(() => validateResult({ schema: 'd2ace-run', version: 1 }, 'x.json')).toThrow(/^x\.json: not a valid d2ace result \(schema v5\): \/ must have required property 'status'/);
  });
});
