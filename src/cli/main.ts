/**
 * The `d2ace` command line. Exit status: 0 done; 2 a usage error (unknown command or option, a bad
 * value, options that do not go together); 1 any other failure (a missing or malformed file, the
 * GPU); 130 a run interrupted with Ctrl-C.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { RUNTIME_HELP, RUNTIME_NAMES } from '../train/config';
import { addBenchCommand } from './bench';
import { runDataCommand } from './data';
import { runDoctor } from './doctor';
import { runEvaluateCommand } from './evaluate';
import { runRecipesCommand } from './recipes';
import { runMethodsCommand } from './methods';
import { parseShard } from '../experiment/shard';
import { finiteNumber, fraction, nonNegativeInt, oneOf, positiveInt } from './option-values';
import { addTrainOptions, runTrainCommand } from './train';
import { DUPLICATE_POLICIES } from '../results/unique-runs';
import { runReportCommand } from './report';
import { runRunCommand } from './run';
import { checkLabelSourceOptions, UsageError } from './usage-error';

/** --shard i/n, checked while the command line is read: a bad one is a usage error (exit 2). */
function shardOption(value: string): string {
  try {
    parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message.replace(/^--shard /, ''));
  }
  return value;
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

// Output piped into a reader that stops early (`| head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('d2ace')
    .description('D2ACE batch selection for deep multi-label classification on WebGPU')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('doctor')
    .description('report the WebGPU runtime: adapter, features, limits, tfjs backend, kernel self-check')
    .option('--browser', 'check headless Chromium instead of Node')
    .option('--json', 'print JSON')
    .action(async (options: { browser?: boolean; json?: boolean }) => {
      setExit(await runDoctor(options, io.out));
    });

  program
    .command('data')
    .description('describe a dataset: counts, label statistics, what the protocol drops, split sizes')
    .argument('<dataset>', 'a dataset name (a folder in the data directories) or an .arff / .arff.gz file')
    .option('--xml <file>', 'MULAN labels XML (default: the one next to the data)')
    .option('--labels <n>', 'take the last n attributes as labels instead of an XML', positiveInt)
    .option('--labels-first', 'with --labels: the labels are the first n attributes (MEKA style)')
    .option('--data-dir <dir>', 'folder of dataset folders (default: $D2ACE_DATA_DIR, then the bundled data)')
    .option('--min-positives <n>', 'drop labels with at most n positives (reference: 20)', nonNegativeInt)
    .option('--top-features <fraction>', 'keep this fraction of features by column sum (default: the reference choice for the dataset)', fraction)
    .option('--json', 'print JSON')
    .action(async (dataset: string, options) => {
      checkLabelSourceOptions(options);
      setExit(await runDataCommand(dataset, options, io));
    });

  program
    .command('methods')
    .description('list the batch-selection methods with their options and defaults')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      setExit(runMethodsCommand(options, io.out));
    });

  program
    .command('recipes')
    .description('list the recipes: backbone and optimiser settings that runs train with')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      setExit(runRecipesCommand(options, io.out));
    });

  addTrainOptions(program.command('train').description("train one model with one selection method's batches (see 'd2ace methods') and write a result file"))
    .option('--out <file>', 'write the result file (JSON, schema-validated) here; checked before training')
    .option('--force', 'with --out: replace an existing file that is not a d2ace result')
    .option('--json', 'print the result as JSON instead of a summary')
    .action(async (options) => {
      setExit(await runTrainCommand(options, io));
    });

  program
    .command('run')
    .description('run a sweep (datasets x methods x models x folds x seeds); finished runs are not redone')
    .argument('<experiment>', 'experiment JSON file')
    .requiredOption('--out <dir>', 'folder for the result files (one per run)')
    .option('--shard <i/n>', 'run only shard i of n (browser runtime: Playwright sharding)', shardOption)
    .addOption(new Option('--runtime <where>', `override the experiment's runtime: ${RUNTIME_HELP}`).choices(RUNTIME_NAMES))
    .option('--report', 'write report.html into the output folder at the end')
    .option('--fresh', 'redo every run, even those with a finished result')
    .option('--on-change <what>', "a finished result whose configuration differs from the experiment's: 'refuse' (stop before any run, the default) or 'redo'", oneOf(['refuse', 'redo'] as const))
    .option('--when-busy <what>', "runs another d2ace run is training in this folder: 'wait' for them after the others (the default) or 'leave' them to it", oneOf(['wait', 'leave'] as const))
    .action(async (experiment: string, options) => {
      setExit(await runRunCommand(experiment, options, io));
    });

  program
    .command('report')
    .description('tables (Markdown, CSV) and a self-contained HTML report from result files')
    .argument('<inputs...>', 'result files, or folders of them')
    .option('--html <file>', 'write the HTML report here')
    .option('--csv <file>', 'write a CSV table here')
    .option('--md <file>', 'write the Markdown table here')
    .option('--title <text>', 'report title')
    .option('--images <dir>', "save the HTML report's charts as PNG files here (headless Chromium) and link them from the Markdown")
    .option('--notes <file>', "a Markdown file the report places after the paper's claim (a study's threats, what differs from the authors)")
    .addOption(new Option('--duplicates <policy>', "two files of the same run: 'error' names both; 'newer' keeps the one finished last and lists the other").choices(DUPLICATE_POLICIES).default('error'))
    .option('--skip-unreadable', 'report over the readable result files and list the unreadable ones with their reasons')
    .action(async (inputs: string[], options) => {
      // The command that remakes the report, stated in the Markdown (defaults left out).
      const given = Object.entries(options).filter(([k, v]) => !(k === 'duplicates' && v === 'error'));
      const flag = (k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      const command = ['npx d2ace report', ...inputs, ...given.flatMap(([k, v]) => (v === true ? [flag(k)] : [flag(k), /\s/.test(String(v)) ? JSON.stringify(String(v)) : String(v)]))].join(' ');
      setExit(await runReportCommand(inputs, { ...options, command }, io.out));
    });

  program
    .command('evaluate')
    .description('compute every metric from a labels CSV and a scores CSV (one row per instance, one column per label)')
    .requiredOption('--labels <file>', 'CSV of 0/1 ground-truth labels')
    .requiredOption('--scores <file>', 'CSV of predicted scores or probabilities')
    // No commander default: the command must know whether a threshold was given (scores outside [0, 1] need one).
    .option('--threshold <t>', 'bipartition threshold: score > t predicts the label (default: 0.5, for probabilities)', finiteNumber)
    .option('--json', 'print JSON')
    .action(async (options) => {
      setExit(await runEvaluateCommand(options, io.out));
    });

  addBenchCommand(program, io, setExit);

  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version requests exit 0; usage errors have already been printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    io.err(`d2ace: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}
