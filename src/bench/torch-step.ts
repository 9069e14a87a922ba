/**
 * The PyTorch side of `d2ace bench backbones`: runs scripts/torch-step.py (the MLP built with the
 * same widths, and the authors' CLIF from the model.py it is given) with python3. Where python3,
 * torch or the file is missing, the answer is a note saying so, never a failure. Node only.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../node/package-root';
import type { BackboneBenchOptions } from './backbones';
import { BENCH_SHAPES } from './shapes';

export interface TorchStepRow {
  model: string;
  shape: string;
  parameters: number;
  msPerStep: number;
}

/**
 * The interpreter to use: D2ACE_PYTHON when set; else the first of `python3` on the PATH and
 * Debian's /usr/bin/python3 that imports torch (a pyenv or venv python3 does not see Debian's
 * python3-torch); else `python3`, whose answer then says that torch is missing.
 */
function pythonWithTorch(): string {
  const chosen = process.env['D2ACE_PYTHON'];
  if (chosen) return chosen;
  const candidates = ['python3', '/usr/bin/python3'];
  return candidates.find((python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) ?? 'python3';
}

export function torchStepTimes(options: BackboneBenchOptions): { rows: TorchStepRow[]; notes: string[] } {
  const shapes = Object.fromEntries(options.shapes.map((s) => [s, [BENCH_SHAPES[s].features, BENCH_SHAPES[s].labels]]));
  const args = [
    join(PACKAGE_ROOT, 'scripts', 'torch-step.py'),
    '--models', options.models.join(','),
    '--shapes', JSON.stringify(shapes),
    '--batch', String(options.batch),
    '--mlp-widths', options.mlpWidths.join(','),
    '--warmup', String(options.warmupSteps),
    '--steps', String(options.steps),
    ...(options.torchModel ? ['--model-py', options.torchModel] : []),
  ];
  const python = pythonWithTorch();
  const run = spawnSync(python, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.error) return { rows: [], notes: [`pytorch: skipped, ${python} could not be run (${run.error.message})`] };
  if (run.status !== 0) return { rows: [], notes: [`pytorch: scripts/torch-step.py failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`] };
  try {
    return JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as { rows: TorchStepRow[]; notes: string[] };
  } catch {
    return { rows: [], notes: [`pytorch: scripts/torch-step.py printed no JSON: ${run.stdout.slice(0, 200)}`] };
  }
}
