/**
 * Parsers for option values, applied by commander while it reads the command line: a bad value
 * is a usage error (exit 2) that names the option, before anything is loaded. Commands that share
 * an option share its parser, so the same bad value reads the same everywhere.
 */
import { InvalidArgumentError } from 'commander';

export function finiteNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got '${value}'`);
  return n;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'`);
  return n;
}

export function fraction(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError(`expected a fraction in (0, 1], got '${value}'`);
  return n;
}

/** A comma-separated list of distinct names out of `allowed` (--shapes yeast,corel5k). */
export function nameList(allowed: readonly string[]): (value: string) => string[] {
  return (value) => {
    const names = value.split(',').map((name) => name.trim());
    if (names.some((name) => !allowed.includes(name)) || new Set(names).size !== names.length) {
      throw new InvalidArgumentError(`expected a comma-separated list of distinct names out of ${allowed.join(', ')}; got '${value}'`);
    }
    return names;
  };
}
