/**
 * Inputs the command line must refuse or warn about: scores that are not probabilities and
 * header rows that disagree (evaluate), usage errors of `train` (exit 2, before anything is
 * loaded), and labels with one value for every instance (data, train).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, afterAll } from 'vitest';
import { main } from '../../src/cli/main';
import { constantLabelWarnings } from '../../src/data/constant-labels';
import type { MultiLabelData } from '../../src/data/types';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

/** The CLI in this process (a process start costs more than most of these checks): exit code and output. */
async function d2ace(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const dir = scratchDir('inputs');
function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('d2ace evaluate: scores must be probabilities unless a threshold is given; headers must agree', () => {
  const labels = write('y.csv', 'a,b,c\n1,0,0\n0,0,1\n');

  it('refuses a score outside [0, 1] under the default threshold, naming file, line and column (exit 1)', async () => {
    const logits = write('logits.csv', 'a,b,c\n# logits\n0.7,0.2,0.1\n0.3,-2.5,1.5\n');
    const r = await d2ace('evaluate', '--labels', labels, '--scores', logits);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `d2ace: ${logits}:4: score -2.5 in column 2 is outside [0, 1]: these look like logits or raw scores, not probabilities. ` +
        'The ranking metrics do not need probabilities, but the bipartition threshold does (default 0.5): pass --threshold explicitly (e.g. --threshold 0 for logits)',
    );
  });

  it('accepts any finite score when --threshold is given, even 0.5', async () => {
    const logits = write('logits-ok.csv', '3,-1,-2\n-4,-0.5,2\n');
    const r = await d2ace('evaluate', '--labels', labels, '--scores', logits, '--threshold', '0', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.threshold).toBe(0);
    expect(report.metrics.hamming_loss).toBe(0);
    const explicit = await d2ace('evaluate', '--labels', labels, '--scores', logits, '--threshold', '0.5', '--json');
    expect(explicit.code, explicit.stderr).toBe(0);
    expect(JSON.parse(explicit.stdout).threshold).toBe(0.5);
  });

  it('refuses non-finite scores with file:line, also in the first row (NaN is not a header)', async () => {
    const nan = write('nan.csv', 'NaN,NaN,NaN\n0.1,0.2,0.3\n');
    const first = await d2ace('evaluate', '--labels', labels, '--scores', nan, '--threshold', '0');
    expect(first.code).toBe(1);
    expect(first.stderr.trim()).toBe(`d2ace: ${nan}:1: value 'NaN' in column 1 is not a finite number`);
    const inf = write('inf.csv', '0.1,0.2,0.3\n0.1,-Infinity,0.3\n');
    const later = await d2ace('evaluate', '--labels', labels, '--scores', inf, '--threshold', '0');
    expect(later.code).toBe(1);
    expect(later.stderr.trim()).toBe(`d2ace: ${inf}:2: value '-Infinity' in column 2 is not a finite number`);
  });

  it('refuses header rows that name other labels, or the same labels in another order (exit 1)', async () => {
    const other = write('other.csv', 'a,b,d\n0.9,0.1,0.1\n0.1,0.1,0.9\n');
    const r = await d2ace('evaluate', '--labels', labels, '--scores', other);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`d2ace: ${other}:1: column 3 is named 'd' but column 3 of ${labels} is 'c'; the two header rows must name the same labels in the same order`);
    const swapped = write('swapped.csv', '# predictions\nb,a,c\n0.9,0.1,0.1\n0.1,0.1,0.9\n');
    const order = await d2ace('evaluate', '--labels', labels, '--scores', swapped);
    expect(order.code).toBe(1);
    expect(order.stderr.trim()).toBe(`d2ace: ${swapped}:2: column 1 is named 'b' but column 1 of ${labels} is 'a'; the two header rows must name the same labels in the same order`);
  });

  it('accepts the same header in both files, or a header in only one', async () => {
    const same = await d2ace('evaluate', '--labels', labels, '--scores', write('same.csv', 'a,b,c\n0.9,0.1,0.1\n0.1,0.1,0.9\n'));
    expect(same.code, same.stderr).toBe(0);
    const bare = await d2ace('evaluate', '--labels', labels, '--scores', write('bare.csv', '0.9,0.1,0.1\n0.1,0.1,0.9\n'));
    expect(bare.code, bare.stderr).toBe(0);
  });
});

describe('d2ace train: a command line that cannot mean anything exits 2 before anything is loaded', () => {
  it('exits 2 from the installed command too (bin/d2ace.js)', () => {
    const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'train', '--fold', '1'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('d2ace: --fold applies only to --split cv5 (the split is official, the default)');
  });

  it('refuses --fold with the official split, given or by default', async () => {
    const byDefault = await d2ace('train', '--fold', '2');
    expect(byDefault.code).toBe(2);
    expect(byDefault.stderr.trim()).toBe('d2ace: --fold applies only to --split cv5 (the split is official, the default)');
    const given = await d2ace('train', '--split', 'official', '--fold', '0');
    expect(given.code).toBe(2);
    expect(given.stderr.trim()).toBe('d2ace: --fold applies only to --split cv5 (the split is official)');
  });

  it('refuses --xml with --labels, and --labels-first alone, with the words and status of d2ace data', async () => {
    for (const [args, message] of [
      [['--xml', 'x.xml', '--labels', '3'], 'd2ace: give either --xml or --labels, not both'],
      [['--labels-first'], 'd2ace: --labels-first needs --labels <n>'],
    ] as const) {
      const train = await d2ace('train', ...args);
      const data = await d2ace('data', 'yeast', ...args);
      expect([train.code, train.stderr.trim()]).toEqual([2, message]);
      expect([data.code, data.stderr.trim()]).toEqual([2, message]);
    }
  });

  it.each([
    [['--epochs', '0'], 'd2ace: invalid training configuration: epochs must be a positive integer, got 0'],
    [['--epochs', 'abc'], "d2ace: option --epochs: expected a number, got 'abc'"],
    // Decimal only: JavaScript's Number() would read these as 16, 3 and 5.
    [['--epochs', '0x10'], "d2ace: option --epochs: expected a number, got '0x10'"],
    [['--epochs', '0b11'], "d2ace: option --epochs: expected a number, got '0b11'"],
    [['--lr', ' 5 '], "d2ace: option --lr: expected a number, got ' 5 '"],
    [['--lr', '1e999'], "d2ace: option --lr: expected a number, got '1e999'"],
    [['--lr', '-1'], 'd2ace: invalid training configuration: lr must be > 0, got -1'],
    [['--method', 'nope'], "d2ace: unknown selection method 'nope' (methods: uniform, d2ace, obs, active-bias, recency-bias, ubs, mladabatch)"],
    [['--split', 'cv5', '--fold', '5'], 'd2ace: invalid training configuration: fold must be 0..4, got 5'],
    [['--dropout', '1'], 'd2ace: invalid training configuration: dropout must be in [0, 1), got 1'],
    [['--validation', '3'], 'd2ace: invalid training configuration: validation fraction must be in (0, 1), got 3'],
    [['--mlp-widths', '16,0'], 'd2ace: invalid training configuration: MLP widths must be positive integers, got [16,0]'],
    [['--method', 'uniform', '--draw', 'epoch'], "d2ace: option --draw belongs to d2ace, not to method 'uniform'"],
    [['--warmup-epochs', '50', '--epochs', '3'], 'd2ace: d2ace: warmupEpochs 50 (must be below 3) does not fit a 3-epoch run; lower it or raise epochs'],
  ])('refuses the bad value %j with exit 2', async (args, message) => {
    const r = await d2ace('train', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(message);
  });

  it.each([
    [['--on-change', 'maybe'], "error: option '--on-change <what>' argument 'maybe' is invalid. expected 'refuse' or 'redo', got 'maybe'"],
    [['--when-busy', 'nap'], "error: option '--when-busy <what>' argument 'nap' is invalid. expected 'wait' or 'leave', got 'nap'"],
    [['--shard', '3/2'], "error: option '--shard <i/n>' argument '3/2' is invalid. must be i/n with 1 <= i <= n, got '3/2'"],
    [['--shard', '1of2'], "error: option '--shard <i/n>' argument '1of2' is invalid. must be i/n with 1 <= i <= n, got '1of2'"],
  ])('d2ace run refuses %j as a usage error (exit 2), before reading the experiment', async (args, message) => {
    const r = await d2ace('run', 'no-such-experiment.json', '--out', 'never-made', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('refuses --labels 0 and --min-positives -1 as d2ace data does (commander, exit 2)', async () => {
    const labels = await d2ace('train', '--labels', '0');
    expect(labels.code).toBe(2);
    expect(labels.stderr).toContain("error: option '--labels <n>' argument '0' is invalid. expected a positive integer, got '0'");
    const min = await d2ace('train', '--min-positives', '-1');
    expect(min.code).toBe(2);
    expect(min.stderr).toContain("error: option '--min-positives <n>' argument '-1' is invalid. expected a non-negative integer, got '-1'");
  });

  it('a missing dataset is not a usage error: exit 1', async () => {
    const r = await d2ace('train', '--dataset', join(dir, 'absent.arff'), '--labels', '2');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^d2ace: .*absent\.arff/);
  });
});

describe('labels with one value for every instance after the protocol', () => {
  // 20 instances: 'always' is positive for each, 'some' for every other one.
  const rows = Array.from({ length: 20 }, (_, i) => `${i / 20},${(i * 7) % 20},${i % 3},1,${i % 2}`);
  const arff = write('constant.arff', ['@relation constant', '@attribute f1 numeric', '@attribute f2 numeric', '@attribute f3 numeric', '@attribute always {0,1}', '@attribute some {0,1}', '@data', ...rows, ''].join('\n'));
  const always = "1 label is positive for every one of the 20 instances after the protocol: 'always'. Nothing can be learned for it, and its AUC is undefined.";

  it('names them and counts them, positive for all and for none', () => {
    const data: MultiLabelData = {
      name: 'toy',
      numInstances: 3,
      numFeatures: 1,
      numLabels: 4,
      features: new Float32Array(3),
      labels: Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0]),
      featureNames: ['x'],
      labelNames: ['p', 'q', 'r', 's'],
    };
    expect(constantLabelWarnings(data)).toEqual([
      "1 label is positive for every one of the 3 instances after the protocol: 'p'. Nothing can be learned for it, and its AUC is undefined.",
      "2 labels are positive for none of the 3 instances after the protocol: 'r', 's'. Nothing can be learned for them, and their AUC is undefined.",
    ]);
    expect(constantLabelWarnings({ ...data, numLabels: 1, labels: Uint8Array.from([1, 0, 1]), labelNames: ['varies'] })).toEqual([]);
  });

  it('d2ace data warns on stderr and lists the warning in its JSON', async () => {
    const r = await d2ace('data', arff, '--labels', '2', '--min-positives', '0', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim()).toBe(`warning: ${always}`);
    expect(JSON.parse(r.stdout).warnings).toEqual([always]);
  });

  it('d2ace train warns and keeps the warning in the result file (1 tiny epoch)', async () => {
    const out = join(dir, 'constant-run.json');
    const r = await d2ace('train', '--dataset', arff, '--labels', '2', '--min-positives', '0', '--split', 'cv5', '--method', 'uniform', '--epochs', '1', '--lr-warmup-epochs', '0', '--mlp-widths', '4', '--batch', '8', '--json', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n')).toContain(always);
    expect(JSON.parse(readFileSync(out, 'utf8')).adjustments).toEqual([always]);
  });
});
