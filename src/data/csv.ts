/**
 * Numeric CSV matrices (one row per instance), as any tool can write them: comma-separated
 * (tabs or semicolons also accepted), an optional header row of names, `#` comment lines and
 * blank lines skipped. Errors name the file and line.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { DataFormatError } from './errors';

export interface NumericCsv {
  rows: number;
  cols: number;
  /** rows x cols, row-major. */
  values: Float64Array;
  header?: string[];
  /** 1-based file line of the header row, when there is one. */
  headerLine?: number;
  /** 1-based file line of every data row, to point at a row in later errors. */
  lineOf: Int32Array;
}

/** NaN, Infinity, inf, -inf: a number that is not finite, never a column name (the row is data, and refused). */
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** A header row: every cell is text, and none is a spelling of a non-finite number. */
function isHeaderRow(tokens: string[]): boolean {
  return tokens.every((t) => t !== '' && Number.isNaN(Number(t)) && !NON_FINITE.test(t));
}

function splitRow(line: string): string[] {
  const separator = line.includes(',') ? ',' : line.includes(';') ? ';' : line.includes('\t') ? '\t' : ',';
  return line.split(separator).map((t) => t.trim().replace(/^"(.*)"$/, '$1'));
}

export async function readNumericCsv(path: string): Promise<NumericCsv> {
  try {
    await access(path);
  } catch (error) {
    throw new DataFormatError(path, undefined, `cannot open: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const values: number[] = [];
  const lineOf: number[] = [];
  let header: string[] | undefined;
  let headerLine: number | undefined;
  let cols = -1;
  let lineNumber = 0;
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const raw of rl) {
    lineNumber++;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const tokens = splitRow(line);
    const numbers = tokens.map((t) => (t === '' ? NaN : Number(t)));
    if (cols < 0 && !header && isHeaderRow(tokens)) {
      header = tokens;
      headerLine = lineNumber;
      cols = tokens.length;
      continue;
    }
    if (cols < 0) cols = tokens.length;
    if (tokens.length !== cols) throw new DataFormatError(path, lineNumber, `expected ${cols} values, found ${tokens.length}`);
    numbers.forEach((v, c) => {
      if (!Number.isFinite(v)) throw new DataFormatError(path, lineNumber, `value '${tokens[c]}' in column ${c + 1} is not a finite number`);
    });
    values.push(...numbers);
    lineOf.push(lineNumber);
  }
  if (lineOf.length === 0) throw new DataFormatError(path, undefined, 'no data rows');
  return { rows: lineOf.length, cols, values: Float64Array.from(values), ...(header ? { header, headerLine } : {}), lineOf: Int32Array.from(lineOf) };
}
