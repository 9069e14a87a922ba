/**
 * `--shard i/n`: which part of a sweep a process runs. Imports nothing, so the command line
 * checks it while reading its arguments (a bad one is a usage error, before anything loads).
 */

/** Shard `i/n` (1-based): every n-th run starting at the i-th. */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) throw new Error(`--shard must be i/n with 1 <= i <= n, got '${text}'`);
  return { index, count };
}
