/**
 * `d2ace bench <name>`: one subcommand per benchmark of src/bench/registry.ts, each with the
 * shared options (--runtime, --steps, --shapes, --json) as that benchmark defines them, and its
 * own. Prints a readable table, or with --json the envelope: which benchmark, what it measures,
 * the runtime and adapter it ran on, the options in full, the rows and any further tables.
 */
import { Command, Option } from 'commander';
import type { BenchEnvelope, BenchOption, BenchResult, BenchRuntime, Benchmark, GivenOptions } from '../bench/benchmark';
import { BENCHMARKS } from '../bench/registry';
import { BENCH_SHAPE_NAMES } from '../bench/shapes';
import { formatBenchEnvelope } from './bench-table';
import { nameList, nonNegativeInt, positiveInt } from './option-values';
import { fromCommandLine, UsageError } from './usage-error';

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const PARSERS = { 'positive-int': positiveInt, 'non-negative-int': nonNegativeInt, file: undefined } as const;

const RUNTIME_WORDS: Record<BenchRuntime, string> = { node: 'node (WebGPU on Dawn)', browser: 'browser (WebGPU in headless Chromium)', cpu: 'cpu (tfjs wasm)' };

/**
 * Runs a benchmark on each runtime in turn: one runtime gives its envelope as it is; several
 * give every row with its runtime, and the benchmark's side-by-side tables.
 */
async function runBenchmark(b: Benchmark, options: unknown, runtimes: BenchRuntime[]): Promise<BenchEnvelope> {
  const results: BenchResult[] = [];
  for (const runtime of runtimes) results.push(await b.run(options, runtime));
  const head = { benchmark: b.name, description: b.description };
  const compared = b.sideBySide ? await b.sideBySide(options, results) : {};
  if (results.length === 1) {
    const [only] = results as [BenchResult];
    return { ...head, runtime: only.runtime, adapter: only.adapter, options, rows: only.rows, ...only.extra, ...compared };
  }
  return {
    ...head,
    runtime: results.map((r) => r.runtime),
    adapter: results.find((r) => r.adapter)?.adapter ?? null,
    options,
    rows: results.flatMap((r) => r.rows.map((row) => ({ runtime: r.runtime, ...row }))),
    ...Object.assign({}, ...results.map((r) => r.extra)),
    ...compared,
  };
}

/** An option with its parser and its default, shown in the help as written on a command line. */
function option(flag: string, help: string, parse: ((value: string) => unknown) | undefined, fallback: unknown): Option {
  const o = new Option(flag, help);
  if (parse) o.argParser(parse);
  if (fallback !== undefined) o.default(fallback, Array.isArray(fallback) ? fallback.join(',') : String(fallback));
  return o;
}

function ownOption(spec: BenchOption): Option {
  if (spec.value === 'switch') return new Option(spec.flag, spec.help);
  const choices = spec.choices ?? [];
  const parse = spec.value === 'names' ? nameList(choices) : PARSERS[spec.value];
  return option(spec.flag, spec.value === 'names' ? `${spec.help} (of ${choices.join(', ')})` : spec.help, parse, spec.default);
}

/** The shared options; those a benchmark does not take stay hidden and are refused if given. */
function sharedOptions(b: Benchmark): Option[] {
  const steps = option('--steps <n>', b.steps?.help ?? '', positiveInt, b.steps?.default);
  const shapes = option('--shapes <names>', `dataset shapes to run at (of ${BENCH_SHAPE_NAMES.join(', ')})`, nameList(BENCH_SHAPE_NAMES), b.shapes);
  const where = b.runtimes.length > 1 ? `where it runs: ${b.runtimes.map((r) => RUNTIME_WORDS[r]).join(', ')}` : `where it runs: ${b.runtimes.join(', ')} only`;
  const runtime = b.sideBySide
    ? option('--runtime <list>', `${where}; several, comma-separated, are timed in turn and compared`, nameList(b.runtimes), [b.runtimes[0]])
    : new Option('--runtime <where>', where).choices(b.runtimes).default(b.runtimes[0]);
  return [
    runtime,
    b.steps ? steps : steps.hideHelp(),
    b.shapes ? shapes : shapes.hideHelp(),
  ];
}

/** The benchmark's options in full, from those given on the command line (not the shown defaults). */
function readCommandLine(b: Benchmark, command: Command): { runtimes: BenchRuntime[]; options: unknown } {
  const values = command.opts();
  const given = (attribute: string) => command.getOptionValueSource(attribute) === 'cli';
  const own = b.options.map((spec) => `--${spec.flag.split(' ')[0]!.replace(/^--(no-)?/, '')}`);
  for (const shared of ['steps', 'shapes'] as const) {
    if (given(shared) && !b[shared]) throw new UsageError(`bench ${b.name} takes no --${shared}; its options: ${[...own, '--json'].join(', ')}`);
  }
  const picked: GivenOptions = {};
  if (given('steps')) picked.steps = values['steps'] as number;
  if (given('shapes')) picked.shapes = values['shapes'] as GivenOptions['shapes'];
  for (const spec of b.options) {
    const attribute = new Option(spec.flag).attributeName();
    // A switch reads as "given": --no-overhead is true here, not commander's overhead: false.
    if (given(attribute)) picked[spec.key] = spec.value === 'switch' ? true : values[attribute];
  }
  const runtime = values['runtime'] as BenchRuntime | BenchRuntime[];
  return { runtimes: Array.isArray(runtime) ? runtime : [runtime], options: fromCommandLine(() => b.resolve(picked)) };
}

export function addBenchCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const bench = program
    .command('bench')
    .description('run a benchmark: a readable table, or with --json the envelope (what ran, on which runtime and adapter, the options, the rows)')
    .addHelpText(
      'after',
      [
        '',
        'Every benchmark takes --json and --runtime; those that time repeated work take --steps <n>,',
        `those sized by datasets --shapes <${BENCH_SHAPE_NAMES.join(',')}>.`,
        "'d2ace bench <name> --help' says what each means there.",
      ].join('\n'),
    );
  for (const b of BENCHMARKS) {
    const command = bench.command(b.name).description(b.description);
    for (const o of [...sharedOptions(b), ...b.options.map(ownOption)]) command.addOption(o);
    command.option('--json', 'print the JSON envelope instead of a table').action(async (values: { json?: boolean }, self: Command) => {
      const { runtimes, options } = readCommandLine(b, self);
      const envelope = await runBenchmark(b, options, runtimes);
      io.out(values.json ? JSON.stringify(envelope, null, 2) : formatBenchEnvelope(envelope));
      setExit(0);
    });
  }
}
