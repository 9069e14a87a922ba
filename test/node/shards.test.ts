/**
 * A study split over machines: `d2ace run --shard i/n` in separate processes writing separate
 * folders, then one `d2ace report` over all the folders, equals the report over one folder that
 * a single process filled. The shards and the report run through examples/slurm's scripts, as
 * two array tasks would; examples/ci's workflow is checked for the same shape.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, afterAll } from 'vitest';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));
// The CPU runtime draws the same numbers in every process: a run's metrics do not depend on where it ran.
const experiment = { datasets: ['yeast'], methods: ['uniform', 'd2ace', 'obs'], models: ['mlp'], seeds: [0, 1], runtime: 'cpu', train: { epochs: 3, mlpWidths: [8], lrWarmupEpochs: 1 } };

const root = fileURLToPath(new URL('../..', import.meta.url));

function d2aceAsync(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return processAsync(process.execPath, [bin, ...args]);
}

function processAsync(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: root, env });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

/** A Markdown report without its head (which names the command that made it). */
const body = (file: string) => readFileSync(file, 'utf8').split('\n').slice(3).join('\n');

/** A Slurm array task of examples/slurm/shard.sbatch, run here by bash. */
function slurmTask(file: string, out: string, task: number, count: number) {
  return processAsync('bash', ['examples/slurm/shard.sbatch'], { ...process.env, EXPERIMENT: file, OUT: out, D2ACE_DATA_DIR: join(root, 'data'), SLURM_ARRAY_TASK_ID: String(task), SLURM_ARRAY_TASK_COUNT: String(count) });
}

describe('a study over shards', () => {
  it('two shards in two processes and folders (the Slurm scripts), then one report, equal one process and one folder', async () => {
    const dir = scratchDir('shards');
    const file = join(dir, 'e.json');
    writeFileSync(file, JSON.stringify(experiment));
    const study = join(dir, 'study');
    const [one, two, whole] = [join(study, 'shard-1'), join(study, 'shard-2'), join(dir, 'whole')];
    const shards = await Promise.all([slurmTask(file, study, 1, 2), slurmTask(file, study, 2, 2)]);
    for (const s of shards) expect(s.code, s.stderr).toBe(0);
    const alone = await d2aceAsync(['run', file, '--out', whole]);
    expect(alone.code, alone.stderr).toBe(0);
    const results = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
    // Every n-th run: 6 runs split 3 and 3, none twice, all of them between the two.
    expect(results(one)).toHaveLength(3);
    expect(results(two)).toHaveLength(3);
    expect([...results(one), ...results(two)].sort()).toEqual(results(whole));
    const report = await processAsync('bash', ['examples/slurm/report.sbatch'], { ...process.env, OUT: study });
    expect(report.code, report.stderr).toBe(0);
    const merged = body(join(study, 'RESULTS.md'));
    expect(merged).toContain('| yeast | mlp (recipe mlp) | d2ace | 2 |');
    const single = spawnSync(process.execPath, [bin, 'report', whole, '--md', join(dir, 'whole.md')], { encoding: 'utf8', timeout: 120_000 });
    expect(single.status, single.stderr).toBe(0);
    expect(merged).toBe(body(join(dir, 'whole.md')));
  }, 300_000);

  it("the CI example's matrix lists every shard 1..n once, each uploads its folder, and the report job merges them all", () => {
    const workflow = readFileSync(join(root, 'examples/ci/study.yml'), 'utf8');
    const shards = Number(/^\s+SHARDS: (\d+)$/m.exec(workflow)?.[1]);
    const matrix = /^\s+shard: \[([\d, ]+)\]$/m.exec(workflow)?.[1]?.split(',').map(Number);
    expect(matrix).toEqual(Array.from({ length: shards }, (_, i) => i + 1));
    expect(workflow).toContain('--out "results/shard-${{ matrix.shard }}" --shard "${{ matrix.shard }}/$SHARDS"');
    expect(workflow).toContain('name: study-shard-${{ matrix.shard }}\n          path: results/shard-${{ matrix.shard }}');
    expect(workflow).toContain('needs: shard');
    expect(workflow).toContain('pattern: study-shard-*\n          path: results');
    expect(workflow).toContain('npx d2ace report results/study-shard-* --md');
  });
});
