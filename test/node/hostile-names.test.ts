/**
 * Names from users (a dataset file called `=1+2<img src=y onerror=alert(5)>|x`, a hostile title)
 * in every output: the HTML report escapes them, Markdown carries no raw HTML and no unescaped
 * pipe (its tables keep their columns), CSV cells cannot run as spreadsheet formulas, chart
 * images get safe file names and escaped alt texts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { csvCell, csvRow, escapeMarkdown } from '../../src/report/safe-text';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));
const runs = fileURLToPath(new URL('../../docs/results/study-small/runs/', import.meta.url));
const HOSTILE = '=1+2<img src=y onerror=alert(5)>|x`';
const TITLE = 't<script>alert(1)</script>|`';

describe('safe text helpers', () => {
  it('CSV: formula starts get an apostrophe, numbers stay numbers, quotes and commas are quoted', () => {
    expect(['=1+2', '+x', '-cmd', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'=1+2", "'+x", "'-cmd", "'@SUM(A1)", "'\tx", "\"'\rx\""]);
    expect(['-0.5', '+3', '-1e-5', '0.7002', ''].map(csvCell)).toEqual(['-0.5', '+3', '-1e-5', '0.7002', '']);
    expect(csvRow(['a,b', 'say "hi"', 3, undefined])).toBe('"a,b","say ""hi""",3,');
  });

  it('Markdown: no raw HTML, pipes and backticks escaped, one line', () => {
    expect(escapeMarkdown('a<b>&c|d`e\nf')).toBe('a&lt;b&gt;&amp;c\\|d\\`e f');
  });
});

describe('hostile names in every report output', () => {
  it('HTML, Markdown, CSV and chart images', () => {
    const dir = scratchDir('hostile');
    const folder = join(dir, 'runs');
    mkdirSync(folder);
    for (const method of ['d2ace', 'uniform']) {
      for (const fold of [0, 1]) {
        const file = `yeast__mlp__${method}__cv5-fold${fold}__seed0.json`;
        const result = JSON.parse(readFileSync(join(runs, file), 'utf8'));
        result.dataset.name = HOSTILE;
        result.config.dataset = HOSTILE;
        writeFileSync(join(folder, file), JSON.stringify(result));
      }
    }
    const out = { md: join(dir, 'r.md'), csv: join(dir, 'r.csv'), html: join(dir, 'r.html'), images: join(dir, 'img') };
    const r = spawnSync(process.execPath, [bin, 'report', folder, '--md', out.md, '--csv', out.csv, '--html', out.html, '--images', out.images, '--title', TITLE], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stderr).toBe(0);

    const html = readFileSync(out.html, 'utf8');
    expect(html).not.toContain('<img src=y');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;img src=y onerror=alert(5)&gt;');

    const md = readFileSync(out.md, 'utf8');
    expect(md).not.toMatch(/<img src=y|<script>/);
    expect(md).toContain('# t&lt;script&gt;alert(1)&lt;/script&gt;\\|\\`');
    const row = md.split('\n').find((l) => l.startsWith('| =1+2'))!;
    expect(row).toContain('| =1+2&lt;img src=y onerror=alert(5)&gt;\\|x\\` | mlp (recipe mlp) |');
    // Every row of the main table has as many cells as its header (an unescaped | would add one).
    const table = md.split('\n').filter((l) => l.startsWith('| ') && l.includes('recipe mlp'));
    const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    const header = md.split('\n').find((l) => l.startsWith('| dataset | model | method | runs |'))!;
    for (const l of table) expect(cells(l), l).toBe(cells(header));
    for (const alt of md.matchAll(/!\[([^\n]*?)\]\(/g)) expect(alt[1]).not.toMatch(/<|(?<!\\)\|/);

    const csv = readFileSync(out.csv, 'utf8').split('\n');
    expect(csv[1]!.startsWith("'=1+2<img src=y onerror=alert(5)>|x`,mlp,")).toBe(true);

    // Image file names are slugs: nothing of the name can reach outside the folder.
    const images = readdirSync(out.images);
    expect(images.length).toBeGreaterThan(0);
    for (const f of images) expect(f).toMatch(/^\d\d-[a-z0-9-]+\.png$/);
  });
});
