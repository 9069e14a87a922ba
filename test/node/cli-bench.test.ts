// `d2ace bench`: the help lists every registered benchmark, and bad values are usage errors
// (exit 2) that name the option, before any GPU work.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../../src/bench/registry';

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));

function d2ace(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('d2ace bench', () => {
  it('--help lists every benchmark of the registry with what it measures', () => {
    const r = d2ace('bench', '--help');
    expect(r.code, r.stderr).toBe(0);
    for (const b of BENCHMARKS) expect(r.stdout).toMatch(new RegExp(`^  ${b.name} \\[options\\]\\s+${b.description.split(' ').slice(0, 3).join(' ')}`, 'm'));
  });

  it.each([
    [['selection', '--shapes', 'yeast,nope'], "option '--shapes <names>' argument 'yeast,nope' is invalid", 'yeast, corel5k, delicious, mediamill'],
    [['backbones', '--steps', '2.5'], "option '--steps <n>' argument '2.5' is invalid", 'positive integer'],
    [['ubs-mi', '--runtime', 'gpu'], "option '--runtime <where>' argument 'gpu' is invalid", 'node, browser'],
    [['arff-memory', '--runtime', 'browser'], "option '--runtime <where>' argument 'browser' is invalid", 'Allowed choices are node.'],
    [['arff-memory', '--shapes', 'yeast'], 'bench arff-memory takes no --shapes', '--instances'],
    [['arff-memory', '--steps', '3'], 'bench arff-memory takes no --steps', '--instances'],
    [['selection', '--no-overhead', '--overhead-models', 'mlp'], '--no-overhead', 'not both'],
    [['frobnicate'], "unknown command 'frobnicate'", 'Usage: d2ace bench'],
  ])('bench %j is a usage error', (args, message, allowed) => {
    const r = d2ace('bench', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(allowed);
  });
});
