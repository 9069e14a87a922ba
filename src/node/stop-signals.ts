/**
 * Stopping a run from outside: Ctrl-C (SIGINT), `kill`, `timeout`, CI, containers and systemd
 * (SIGTERM) and a closed terminal (SIGHUP) all ask the run to stop after the current step, so it
 * is recorded as interrupted and its locks are released. A second signal exits at once, with
 * the shell's code for that signal (128 + its number: 130, 143, 129).
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

const SIGNAL_NUMBERS: Record<StopSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** The exit code a process stopped by this signal reports. */
export const exitCodeFor = (signal: StopSignal) => 128 + SIGNAL_NUMBERS[signal];

/** Calls `first` on the first stop signal and exits on the second; returns the function that removes the handlers. */
export function onStopSignals(first: (signal: StopSignal) => void): () => void {
  let received: StopSignal | undefined;
  const handler = (signal: StopSignal) => {
    if (received) process.exit(exitCodeFor(signal));
    received = signal;
    first(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}
