/**
 * Parsers for option values, applied by commander while it reads the command line: a bad value
 * is a usage error (exit 2) that names the option, before anything is loaded. Commands that share
 * an option share its parser, so the same bad value reads the same everywhere.
 */
import { InvalidArgumentError } from 'commander';

/** Decimal notation only: JavaScript's Number() also takes '0x10', '0b11', ' 5 ' and '1_0'-free oddities. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The number a decimal string writes, or NaN for anything else ('0x10', '', 'Infinity', '1e999'). */
export function strictNumber(value: string): number {
  if (!DECIMAL.test(value)) return NaN;
  const n = Number(value);
  return Number.isFinite(n) ? n : NaN;
}

export function finiteNumber(value: string): number {
  const n = strictNumber(value);
  if (Number.isNaN(n)) throw new InvalidArgumentError(`expected a number, got '${value}'`);
  return n;
}

export function positiveInt(value: string): number {
  const n = strictNumber(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = strictNumber(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'`);
  return n;
}

export function fraction(value: string): number {
  const n = strictNumber(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError(`expected a fraction in (0, 1], got '${value}'`);
  return n;
}

/** One of `allowed`, or a usage error listing them. */
export function oneOf<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(allowed as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected ${allowed.map((a) => `'${a}'`).join(' or ')}, got '${value}'`);
    return value as T;
  };
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
