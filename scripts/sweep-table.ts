/**
 * The README's recipe-sweep table from result files: per run, the learning rate, the best epoch,
 * how much the last 20 epochs still improved, the test macro-AUC and whether it converged.
 * Usage: node --import ./src/node/register.mjs scripts/sweep-table.ts <folder>...
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { convergence, FLAT_WINDOW } from '../src/report/convergence';
import { readResultFile } from '../src/results/result-file';

const runs = process.argv
  .slice(2)
  .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => readResultFile(join(dir, f))))
  .sort((a, b) => a.dataset.name.localeCompare(b.dataset.name) || a.config.lr - b.config.lr || a.config.epochs - b.config.epochs);
const lines = [
  `| dataset | lr | warm-up, epochs | best epoch | best validation macro-AUC | gain of the last ${FLAT_WINDOW} epochs | test macro-AUC (best epoch) | converged | time |`,
  '|---|---|---|---|---|---|---|---|---|',
];
for (const r of runs) {
  const c = convergence(r);
  const best = Math.max(...r.history.map((h) => h.validation.macro_auc ?? -Infinity));
  const gain = Number.isFinite(c.lastWindowGain) ? `${c.lastWindowGain >= 0 ? '+' : '−'}${Math.abs(c.lastWindowGain).toFixed(4)}` : 'n/a';
  lines.push(`| ${r.dataset.name} | ${r.config.lr} | ${r.config.lrWarmupEpochs}, ${r.config.epochs} | ${c.bestEpoch} | ${best.toFixed(4)} | ${gain} | ${(r.test?.best.macro_auc ?? NaN).toFixed(4)} | ${c.converged ? 'yes' : '**no**'} | ${(r.timings.totalMs / 1000).toFixed(0)} s |`);
}
console.log(lines.join('\n'));
