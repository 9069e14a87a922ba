import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, afterAll } from 'vitest';
import { SHARED_DATASETS } from './shared-datasets';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));
const d2ace = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, D2ACE_DATA_DIR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('d2ace data', () => {
  it('describes the bundled yeast: counts, statistics, protocol and split sizes', () => {
    const r = d2ace('data', 'yeast', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.raw).toMatchObject({ instances: 2417, features: 103, labels: 14, distinctLabelSets: 198 });
    expect(report.raw.cardinality).toBeCloseTo(4.2371, 4);
    expect(report.protocol.droppedLabels).toEqual([]);
    expect(report.splits.official).toEqual({ train: 1350, validation: 150, test: 917 });
    expect(report.splits.cv5.foldSizes.reduce((a: number, b: number) => a + b, 0)).toBe(2417);
  });

  it('reads a file given by path with a label count, and reports what the protocol drops', () => {
    const r = d2ace('data', join(SHARED_DATASETS, 'cal500/cal500.arff'), '--labels', '174');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('labels   from last 174 attributes');
    expect(r.stdout).toContain('dropped 55 label(s): ');
    expect(r.stdout).toContain('official: none (use cv5)');
  });

  it('names the file and line of malformed data', () => {
    const dir = scratchDir('data');
    const file = join(dir, 'bad.arff');
    writeFileSync(file, '@relation r\n@attribute a numeric\n@attribute l {0,1}\n@data\n1,0\n2,5\n');
    const r = d2ace('data', file, '--labels', '1');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`d2ace: ${file}:6: label 'l' has value '5'; labels must be 0 or 1`);
  });

  it('an unknown dataset says where it looked; conflicting options are usage errors', () => {
    const r = d2ace('data', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^d2ace: dataset 'nope' not found: looked in .*data\/nope\. MULAN multi-label datasets/);
    const both = d2ace('data', 'yeast', '--xml', 'x.xml', '--labels', '3');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give either --xml or --labels, not both');
    const bad = d2ace('data', 'yeast', '--labels', 'many');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected a positive integer, got 'many'");
  });
});

describe('d2ace evaluate', () => {
  const dir = scratchDir('eval');
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('prints every metric for CSV predictions (sklearn docstring example)', () => {
    const labels = write('y.csv', 'a,b,c\n1,0,0\n0,0,1\n');
    const scores = write('p.csv', '0.75,0.5,1\n1,0.2,0.1\n');
    const r = d2ace('evaluate', '--labels', labels, '--scores', scores, '--json');
    expect(r.code, r.stderr).toBe(0);
    const { metrics } = JSON.parse(r.stdout);
    expect(Object.keys(metrics)).toHaveLength(21);
    expect(metrics.coverage).toBeCloseTo(2.5, 12);
    expect(metrics.average_precision).toBeCloseTo(5 / 12, 12);
    expect(metrics.ranking_loss).toBeCloseTo(0.75, 12);
  });

  it('names the file and line of a bad value, and a shape mismatch', () => {
    const labels = write('y2.csv', '1,0\n0,2\n');
    const scores = write('p2.csv', '0.1,0.2\n0.3,0.4\n');
    const bad = d2ace('evaluate', '--labels', labels, '--scores', scores);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(`d2ace: ${labels}:2: label value 2 in column 2 is not 0 or 1`);
    const short = write('p3.csv', '0.1,0.2\n');
    const mismatch = d2ace('evaluate', '--labels', write('y3.csv', '1,0\n0,1\n'), '--scores', short);
    expect(mismatch.stderr.trim()).toBe(`d2ace: ${short}: has 1 rows x 2 columns but ${join(dir, 'y3.csv')} has 2 x 2`);
    const text = write('p4.csv', '0.1,x\n');
    const nan = d2ace('evaluate', '--labels', write('y4.csv', '1,0\n'), '--scores', text);
    expect(nan.stderr.trim()).toBe(`d2ace: ${text}:1: value 'x' in column 2 is not a finite number`);
    const missing = d2ace('evaluate', '--labels', labels);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: required option '--scores <file>' not specified");
  });
});
