/**
 * A report counts each run once: a file named beside its folder, a copy of a result, a stray
 * JSON file and a truncated result get a clear outcome each, and local paths do not make the
 * same run look different.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { configHash } from '../../src/results/config-hash';
import { readResultFile } from '../../src/results/result-file';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));
const runs = fileURLToPath(new URL('../../docs/results/study-small/runs/', import.meta.url));
const D2ACE = 'yeast__mlp__d2ace__cv5-fold0__seed0.json';
const UNIFORM = 'yeast__mlp__uniform__cv5-fold0__seed0.json';

const dir = scratchDir('report-inputs');

function folderWith(name: string, files: Record<string, string>): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  for (const [to, from] of Object.entries(files)) copyFileSync(join(runs, from), join(folder, to));
  return folder;
}

function report(...args: string[]) {
  const md = join(dir, `${Math.random().toString(36).slice(2)}.md`);
  const r = spawnSync(process.execPath, [bin, 'report', ...args, '--md', md], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stderr: r.stderr, md: r.status === 0 ? readFileSync(md, 'utf8') : '' };
}

const rowRuns = (md: string, method: string) => new RegExp(`\\| yeast \\| mlp \\(recipe mlp\\) \\| ${method} \\| ([^|]+) \\|`).exec(md)?.[1]?.trim();

describe('d2ace report reads each run once', () => {
  it('a file named beside its folder, and a link to it, are one file', () => {
    const folder = folderWith('same-file', { [D2ACE]: D2ACE, [UNIFORM]: UNIFORM });
    symlinkSync(join(folder, D2ACE), join(dir, 'link.json'));
    const r = report(folder, join(folder, D2ACE), join(dir, 'link.json'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.md).toContain('Generated from 2 result files');
    expect(rowRuns(r.md, 'd2ace')).toBe('1 run, no spread');
  });

  it('a copy of a result is the same run: an error naming both files, or with --duplicates newer one run and the other listed', () => {
    const folder = folderWith('copies', { [D2ACE]: D2ACE, 'd2ace (copy).json': D2ACE, [UNIFORM]: UNIFORM });
    const refused = report(folder);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${join(folder, 'd2ace (copy).json')} and ${join(folder, D2ACE)} are the same run (d2ace on yeast (mlp, cv5 fold 0, seed 0)): remove all but one, or pass --duplicates newer`);
    const kept = report(folder, '--duplicates', 'newer');
    expect(kept.code, kept.stderr).toBe(0);
    expect(rowRuns(kept.md, 'd2ace')).toBe('1 run, no spread');
    expect(kept.md).toContain(`**1 file(s) left out as duplicates**: ${join(folder, D2ACE)} (finished `);
    // The significance section reads the same runs as the tables.
    expect(kept.md).toContain('(1 paired run');
  });

  it('a stray JSON file or a truncated result stops the report with its path, or with --skip-unreadable is listed apart', () => {
    const folder = folderWith('unreadable', { [D2ACE]: D2ACE, [UNIFORM]: UNIFORM });
    writeFileSync(join(folder, 'notes.json'), '{"x": 1}');
    writeFileSync(join(folder, 'cut.json'), readFileSync(join(runs, D2ACE), 'utf8').slice(0, 500));
    const stopped = report(folder);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain(`${join(folder, 'cut.json')}: cannot read a result: `);
    expect(stopped.stderr).toContain('(--skip-unreadable reports over the other files and lists this one)');
    const skipped = report(folder, '--skip-unreadable');
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.md).toContain('**2 file(s) could not be read and are not in this report**: ');
    expect(skipped.md).toContain(`${join(folder, 'notes.json')}: not a d2ace result file (it has no "schema": "d2ace-run")`);
    expect(skipped.md).toContain('--skip-unreadable --md');
    expect(rowRuns(skipped.md, 'uniform')).toBe('1 run, no spread');
  });

  it("a labels XML counts by its file name in the configuration hash: the same run made in two places matches", () => {
    const config = readResultFile(join(runs, D2ACE)).config;
    const here = configHash({ ...config, xml: '/home/a/data/yeast/yeast.xml' });
    expect(configHash({ ...config, xml: 'C:\\\\data\\\\yeast\\\\yeast.xml' })).toBe(here);
    expect(configHash({ ...config, xml: '/elsewhere/yeast.xml' })).toBe(here);
    expect(configHash({ ...config, xml: '/home/a/data/yeast/other.xml' })).not.toBe(here);
    expect(configHash({ ...config, dataDir: '/somewhere' })).toBe(configHash(config));
  });
});
