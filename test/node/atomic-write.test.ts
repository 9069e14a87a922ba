/**
 * Outputs written whole or not at all, with errors that name the path; partial files that a
 * killed writer left are cleaned at the next write, a live writer's are not.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStalePartials, writeFileAtomic } from '../../src/node/atomic-write';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));
const runs = fileURLToPath(new URL('../../docs/results/study-small/runs/', import.meta.url));

describe('atomic output files', () => {
  it('writes the whole file and leaves no partial file beside it', () => {
    const dir = scratchDir('atomic');
    writeFileAtomic(join(dir, 'a.txt'), 'hello');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('hello');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('a failed write names the path and the reason, and leaves what was there and no partial file', () => {
    const dir = scratchDir('atomic');
    mkdirSync(join(dir, 'taken.html'));
    expect(() => writeFileAtomic(join(dir, 'taken.html'), 'x')).toThrow(`${join(dir, 'taken.html')}: cannot write it (EISDIR: illegal operation on a directory`);
    expect(() => writeFileAtomic(join(dir, 'missing', 'r.html'), 'x')).toThrow(`${join(dir, 'missing', 'r.html')}: cannot write it (ENOENT: no such file or directory`);
    writeFileSync(join(dir, 'file'), 'keep');
    expect(() => writeFileAtomic(join(dir, 'file', 'r.html'), 'x')).toThrow(`${join(dir, 'file', 'r.html')}: cannot write it (ENOTDIR: not a directory`);
    expect(readdirSync(dir).sort()).toEqual(['file', 'taken.html']);
    expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('keep');
  });

  it('removes partial files of writers that are gone, keeps a live writer\'s', () => {
    const dir = scratchDir('atomic');
    const path = join(dir, 'run.json');
    writeFileSync(`${path}.partial-999999999`, '{"half":');
    writeFileSync(`${path}.partial-${process.ppid}`, '{"writing":');
    writeFileSync(join(dir, 'other.json.partial-999999999'), '{');
    expect(removeStalePartials(path)).toEqual([`${path}.partial-999999999`]);
    writeFileAtomic(path, '{}');
    expect(readdirSync(dir).sort()).toEqual(['other.json.partial-999999999', 'run.json', `run.json.partial-${process.ppid}`]);
  });

  it('d2ace report into a missing folder says which path, exits 1 and writes nothing', () => {
    const dir = scratchDir('atomic');
    const r = spawnSync(process.execPath, [bin, 'report', join(runs, 'yeast__mlp__d2ace__cv5-fold0__seed0.json'), '--html', join(dir, 'no', 'report.html')], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`d2ace: ${join(dir, 'no', 'report.html')}: cannot write it (ENOENT: no such file or directory)`);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });
});
