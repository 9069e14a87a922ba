/** `d2ace train`: one run from the command line, with a progress bar and a result file. */
import { checkOutputFile, fallbackResultPath } from '../node/output-checks';
import { Option, type Command } from 'commander';
import { writeResultFile } from '../results/result-file';
import { executeRun } from '../experiment/execute';
import { describeCompute, type RunResult } from '../results/result';
import type { MethodOption } from '../selection/method';
import { METHOD_NAMES, SELECTION_METHODS, selectionMethod } from '../selection/registry';
import { DEFAULT_TRAIN_CONFIG, resolveTrainConfig, RUNTIME_HELP, RUNTIME_NAMES, type TrainConfig } from '../train/config';
import { fitToRun } from '../train/fit-to-run';
import { RECIPE_NAMES } from '../train/recipes';
import { fraction, nonNegativeInt, positiveInt, strictNumber } from './option-values';
import { epochProgress } from './progress';
import { checkLabelSourceOptions, fromCommandLine, UsageError } from './usage-error';
import { exitCodeFor, onStopSignals, type StopSignal } from '../node/stop-signals';

/** Every method's CLI flags, merged: methods that share a flag share one option. */
export function methodFlags(): Array<{ flag: string; key: string; type: MethodOption['type']; methods: string[]; help: string }> {
  const byFlag = new Map<string, { flag: string; key: string; type: MethodOption['type']; methods: string[]; help: string; helps: string[] }>();
  for (const method of SELECTION_METHODS) {
    for (const o of method.options) {
      const name = o.flag.split(' ')[0]!;
      const entry = byFlag.get(name);
      if (entry) {
        if (entry.key !== o.key || entry.type !== o.type) throw new Error(`methods '${entry.methods[0]}' and '${method.name}' both declare ${name} with different meanings`);
        entry.methods.push(method.name);
        entry.helps.push(`${method.name}: ${o.help}`);
      } else {
        byFlag.set(name, { flag: o.flag, key: o.key, type: o.type, methods: [method.name], help: o.help, helps: [`${method.name}: ${o.help}`] });
      }
    }
  }
  // One help text when the methods say the same, else each method's own words.
  return [...byFlag.values()].map(({ helps, ...f }) => ({ ...f, help: new Set(helps.map((h) => h.slice(h.indexOf(': ') + 2))).size === 1 ? `${f.methods.join(', ')}: ${f.help}` : helps.join('; ') }));
}

/** The chosen method's options from parsed flags; a flag of another method is an error. */
function methodOptionsFromFlags(method: string, o: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const own = new Map(selectionMethod(method).options.map((x) => [x.key, x]));
  const values: Record<string, unknown> = {};
  for (const f of methodFlags()) {
    const raw = o[f.key];
    if (raw === undefined) continue;
    const name = f.flag.split(' ')[0]!;
    if (!own.has(f.key)) throw new Error(`option ${name} belongs to ${f.methods.join(', ')}, not to method '${method}'`);
    values[f.key] = f.type === 'string' ? String(raw) : f.type === 'boolean' ? raw === true || raw === 'true' : numberOption(String(raw), name);
  }
  return values;
}

function numberOption(value: string, name: string): number {
  const n = strictNumber(value);
  if (Number.isNaN(n)) throw new Error(`option ${name}: expected a number, got '${value}'`);
  return n;
}

/** TrainConfig from parsed commander options: what is not given comes from the recipe and the defaults. */
export function trainConfigFromOptions(o: Record<string, string | boolean | undefined>): TrainConfig {
  const num = (key: string, name: string) => (o[key] === undefined ? undefined : numberOption(String(o[key]), name));
  const method = String(o['method'] ?? DEFAULT_TRAIN_CONFIG.method);
  selectionMethod(method); // an unknown method fails here, with the list of methods
  return resolveTrainConfig({
    dataset: String(o['dataset'] ?? DEFAULT_TRAIN_CONFIG.dataset),
    ...(o['xml'] ? { xml: String(o['xml']) } : {}),
    ...(o['dataDir'] ? { dataDir: String(o['dataDir']) } : {}),
    ...(o['labels'] !== undefined ? { labelCount: num('labels', '--labels') } : {}),
    ...(o['labelsFirst'] ? { labelsFirst: true } : {}),
    method,
    ...(o['label'] !== undefined ? { label: String(o['label']) } : {}),
    selectorBackend: (o['selectorBackend'] as TrainConfig['selectorBackend']) ?? 'gpu',
    model: o['model'] as TrainConfig['model'] | undefined,
    recipe: o['recipe'] === undefined ? undefined : String(o['recipe']),
    hidden: num('hidden', '--hidden'),
    mlpWidths: o['mlpWidths'] ? String(o['mlpWidths']).split(',').map((w) => numberOption(w, '--mlp-widths')) : undefined,
    dropout: num('dropout', '--dropout'),
    epochs: num('epochs', '--epochs'),
    batch: num('batch', '--batch'),
    lr: num('lr', '--lr'),
    weightDecay: num('weightDecay', '--weight-decay'),
    lrWarmupEpochs: num('lrWarmupEpochs', '--lr-warmup-epochs'),
    seed: num('seed', '--seed'),
    split: o['split'] === undefined ? undefined : (String(o['split']) as TrainConfig['split']),
    fold: num('fold', '--fold'),
    validationFraction: num('validation', '--validation'),
    minPositives: num('minPositives', '--min-positives'),
    ...(o['topFeatures'] !== undefined ? { topFeatures: num('topFeatures', '--top-features') } : {}),
    methodOptions: { [method]: methodOptionsFromFlags(method, o) },
    runtime: (o['runtime'] as TrainConfig['runtime']) ?? 'auto',
  });
}

/**
 * The run the command line asks for, or a UsageError (exit 2) saying why it asks for none: a bad
 * value, options that do not go together, a schedule set longer than the run. Nothing is loaded yet.
 */
export function trainConfigFromCommandLine(o: Record<string, string | boolean | undefined>): TrainConfig {
  return fromCommandLine(() => {
    checkLabelSourceOptions(o);
    const config = trainConfigFromOptions(o);
    // The official split has no folds: a fold given with it would be silently ignored.
    if (o['fold'] !== undefined && config.split !== 'cv5') throw new UsageError(`--fold applies only to --split cv5 (the split is ${config.split}${o['split'] === undefined ? ', the default' : ''})`);
    fitToRun(config);
    return config;
  });
}

export function addTrainOptions(command: Command): Command {
  command
    .option('--dataset <name|file>', 'dataset name or .arff file', 'yeast')
    .option('--xml <file>', 'MULAN labels XML')
    .option('--labels <n>', 'labels are the last n attributes (instead of an XML)', positiveInt)
    .option('--labels-first', 'with --labels: the first n attributes')
    .option('--data-dir <dir>', 'folder of dataset folders')
    .option('--method <name>', `selection method: ${METHOD_NAMES.join(', ')} (see 'd2ace methods')`, 'd2ace')
    .option('--label <name>', "the run's name in reports, for a variant of a method (e.g. --method d2ace --draw epoch --label d2ace-epoch)")
    .option('--selector-backend <where>', "'gpu' (WGSL kernels) or 'cpu' (the TypeScript twin)", 'gpu')
    .option('--model <name>', "'mlp' or 'clif' (default: the recipe's, else mlp)")
    .option('--recipe <name>', `backbone and optimiser settings: ${RECIPE_NAMES.join(', ')} (default: mlp for the MLP, reference for CLIF; see 'd2ace recipes'); the flags below override it`)
    .option('--hidden <n>', "CLIF width (recipe's; reference 768)")
    .option('--mlp-widths <list>', "MLP hidden widths, comma-separated (recipe's; mlp: 128)")
    .option('--dropout <p>', "dropout rate (recipe's; reference 0.2)")
    .option('--epochs <n>', "epochs (recipe's; reference 100)")
    .option('--batch <n>', "batch size (recipe's; reference 128)")
    .option('--lr <rate>', "Adam learning rate (recipe's; reference 1e-4, mlp 3e-3)")
    .option('--weight-decay <w>', "L2 weight decay added to the gradient (recipe's; reference 1e-4)")
    .option('--lr-warmup-epochs <n>', "epochs of linear learning-rate warm-up (recipe's; reference 10, mlp 5); cut to fit a shorter run")
    .option('--seed <n>', 'seed of initialisation, holdout and sampling (default: 0)')
    .option('--split <kind>', "'official' train/test or 'cv5' (iterative stratification, seed 55) (default: official)")
    .option('--fold <k>', 'with --split cv5: the fold 0..4 (default: 0)')
    .option('--validation <fraction>', 'validation holdout inside the training part (reference 0.1)')
    .option('--min-positives <n>', 'drop labels with at most n positives (reference 20)', nonNegativeInt)
    .option('--top-features <fraction>', 'keep this fraction of features by column sum', fraction)
    .addOption(new Option('--runtime <where>', RUNTIME_HELP).choices(RUNTIME_NAMES).default('auto'));
  for (const f of methodFlags()) command.option(f.flag, f.help);
  return command;
}

const SHOWN = ['macro_auc', 'micro_auc', 'macro_f1', 'micro_f1', 'average_precision', 'ranking_loss', 'hamming_loss', 'coverage', 'one_error'] as const;

export function formatRunSummary(result: RunResult): string {
  const f = (v: number | null | undefined) => (v === null || v === undefined ? '   n/a' : v.toFixed(4));
  const lines = [
    `${result.config.method} / ${result.config.model} on ${result.dataset.name} (${result.config.split}${result.config.split === 'cv5' ? ` fold ${result.config.fold}` : ''}, seed ${result.config.seed}; ${describeCompute(result.environment)}): ${result.status}, ${result.history.length} epochs`,
    `best validation macro-AUC ${f(result.best?.validationMacroAuc)} at epoch ${result.best?.epoch ?? 'n/a'}; readbacks per training step ${result.readbacks ? result.readbacks.perStep : 'not applicable (CPU runtime)'}`,
  ];
  if (result.test) {
    lines.push(`${'test metric'.padEnd(18)} ${'best'.padStart(8)} ${'last'.padStart(8)}`);
    for (const m of SHOWN) lines.push(`${m.padEnd(18)} ${f(result.test.best[m]).padStart(8)} ${f(result.test.last[m]).padStart(8)}`);
  }
  const c = result.trainingCoverage;
  if (c) {
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const selection = c.meanShareSelection === null ? '' : `, ${pct(c.meanShareSelection)} in selection epochs`;
    lines.push(`training-set coverage per epoch: mean ${pct(c.meanShare)}${selection}, lowest ${pct(c.minShare)}; draws per instance over the run: min ${c.draws.min}, median ${c.draws.median}, max ${c.draws.max}${c.neverDrawn ? ` (${c.neverDrawn} never drawn)` : ''}`);
  }
  const res = result.resources;
  if (res) {
    const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
    lines.push(
      `resources: ${res.start.tensors} tensors (${mb(res.start.bytes)}), ${res.start.buffers} GPU buffers at the start of training; ${res.end.tensors} tensors (${mb(res.end.bytes)}), ${res.end.buffers} buffers at the end; ` +
        (res.leak ? `LEAK: +${res.growthSinceMidRun.tensors} tensors, +${res.growthSinceMidRun.buffers} buffers since mid-run` : 'flat since mid-run (no leak)'),
    );
  }
  const t = result.timings;
  lines.push(`time ${(t.totalMs / 1000).toFixed(1)} s: training ${(t.trainMs / 1000).toFixed(1)}, selection ${(t.selectionMs / 1000).toFixed(1)}, evaluation ${(t.evaluationMs / 1000).toFixed(1)}, setup ${(t.setupMs / 1000).toFixed(1)}`);
  return lines.join('\n');
}

/** Writes the result to `path`; if that fails after all, to a fallback file the message names. */
function saveResult(path: string, result: RunResult, io: { err: (s: string) => void }): boolean {
  try {
    writeResultFile(path, result);
    return true;
  } catch (error) {
    const fallback = fallbackResultPath();
    writeResultFile(fallback, result);
    io.err(`d2ace: could not write --out ${path} (${(error as Error).message}); the result was saved to ${fallback}`);
    return false;
  }
}

export async function runTrainCommand(options: Record<string, string | boolean | undefined>, io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  const config = trainConfigFromCommandLine(options);
  if (options['out']) checkOutputFile(String(options['out']), { force: options['force'] === true });
  const signal = { aborted: false };
  let stoppedBy: StopSignal | undefined;
  const removeStopHandlers = onStopSignals((received) => {
    stoppedBy = received;
    signal.aborted = true;
    io.err(`\n${received}: finishing the current step and writing a partial result (a second signal quits at once)`);
  });
  const progress = options['json'] ? undefined : epochProgress(`${config.method}/${config.model}`);
  try {
    const result = await executeRun(config, { signal, onEpoch: (r, total) => progress?.update(r, total), warn: (m) => io.err(m) });
    progress?.stop();
    // The result is printed before it is written, so a failed write loses nothing.
    if (options['json']) io.out(JSON.stringify(result));
    else io.out(formatRunSummary(result));
    if (options['out']) {
      const saved = saveResult(String(options['out']), result, io);
      if (!saved) return 1;
      if (!options['json']) io.out(`result: ${options['out']}`);
    }
    return result.status === 'complete' ? 0 : exitCodeFor(stoppedBy ?? 'SIGINT');
  } finally {
    progress?.stop();
    removeStopHandlers();
  }
}

