/**
 * ARFF header: `@relation`, `@attribute` and `@data` lines (keywords case-insensitive).
 * Attribute names may be quoted ('...' or "...") with backslash escapes; an unquoted name is
 * the first whitespace-delimited token (MULAN has features named `-`, `/`, `0`).
 */
import { DataFormatError } from './errors';

export type ArffAttribute =
  | { name: string; kind: 'numeric'; line: number }
  | { name: string; kind: 'nominal'; values: string[]; line: number };

export interface ArffHeader {
  relation: string;
  attributes: ArffAttribute[];
}

/** Reads a possibly quoted token at `start`; returns it unescaped and where it ended. */
export function readToken(text: string, start: number): { token: string; end: number; quoted: boolean } | undefined {
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (i >= text.length) return undefined;
  const quote = text[i];
  if (quote === "'" || quote === '"') {
    let token = '';
    for (let j = i + 1; j < text.length; j++) {
      const c = text[j]!;
      if (c === '\\' && j + 1 < text.length) {
        token += text[++j];
      } else if (c === quote) {
        return { token, end: j + 1, quoted: true };
      } else {
        token += c;
      }
    }
    return undefined; // unterminated quote
  }
  let j = i;
  while (j < text.length && text[j] !== ' ' && text[j] !== '\t') j++;
  return { token: text.slice(i, j), end: j, quoted: false };
}

/** Splits `{a, 'b c', d}` into trimmed, unquoted values. */
function parseNominalValues(body: string, file: string, line: number): string[] {
  const values: string[] = [];
  let i = 0;
  while (i < body.length) {
    while (i < body.length && /[\s,]/.test(body[i]!)) i++;
    if (i >= body.length) break;
    const c = body[i]!;
    if (c === "'" || c === '"') {
      const token = readToken(body, i);
      if (!token) throw new DataFormatError(file, line, `unterminated quote in nominal value list {${body}}`);
      values.push(token.token);
      i = token.end;
    } else {
      let j = i;
      while (j < body.length && body[j] !== ',') j++;
      values.push(body.slice(i, j).trim());
      i = j;
    }
  }
  if (values.length === 0) throw new DataFormatError(file, line, 'empty nominal value list {}');
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw new DataFormatError(file, line, `nominal value '${v}' is listed twice`);
    seen.add(v);
  }
  return values;
}

const NUMERIC_TYPES = new Set(['numeric', 'real', 'integer']);

export function parseAttributeLine(text: string, file: string, line: number): ArffAttribute {
  const rest = text.replace(/^\s*@attribute/i, '');
  const name = readToken(rest, 0);
  if (!name) throw new DataFormatError(file, line, '@attribute without a name (or with an unterminated quote)');
  const type = rest.slice(name.end).trim();
  if (type.startsWith('{')) {
    if (!type.endsWith('}')) throw new DataFormatError(file, line, `nominal type of '${name.token}' does not end with '}'`);
    return { name: name.token, kind: 'nominal', values: parseNominalValues(type.slice(1, -1), file, line), line };
  }
  const keyword = type.split(/\s+/)[0]!.toLowerCase();
  if (NUMERIC_TYPES.has(keyword)) return { name: name.token, kind: 'numeric', line };
  if (keyword === '') throw new DataFormatError(file, line, `attribute '${name.token}' has no type`);
  if (keyword === 'string' || keyword === 'date' || keyword === 'relational') {
    throw new DataFormatError(file, line, `attribute '${name.token}' has type ${keyword}, which multi-label learning here does not support (numeric or nominal only)`);
  }
  throw new DataFormatError(file, line, `unknown attribute type '${type}' for '${name.token}'`);
}

export function parseRelationLine(text: string): string {
  const rest = text.replace(/^\s*@relation/i, '');
  const token = readToken(rest, 0);
  if (!token) return '';
  // Unquoted relation names with spaces (MEKA options) are kept whole.
  return token.quoted ? token.token : rest.trim();
}
