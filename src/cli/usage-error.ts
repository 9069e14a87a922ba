/**
 * Usage errors: a command line that cannot mean anything (a bad value, options that do not go
 * together). main() prints them like any failure (`d2ace: <message>`) but exits with status 2,
 * like commander's own (unknown option, missing argument); every other failure (a missing file,
 * the GPU) exits 1.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Runs `build`, which only reads the command line: whatever it throws is a usage error. */
export function fromCommandLine<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
}

/** --xml and --labels say where the labels are in two ways; --labels-first only qualifies --labels (data and train). */
export function checkLabelSourceOptions(options: { xml?: unknown; labels?: unknown; labelsFirst?: unknown }): void {
  if (options.labelsFirst && options.labels === undefined) throw new UsageError('--labels-first needs --labels <n>');
  if (options.xml && options.labels !== undefined) throw new UsageError('give either --xml or --labels, not both');
}
