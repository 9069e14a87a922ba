/** The `d2ace` command line. Unknown commands and options print usage and exit non-zero. */
import { Command, CommanderError } from 'commander';
import { runDoctor } from './doctor';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

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
    return 1;
  }
}
