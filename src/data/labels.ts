/**
 * Which attributes are labels: named in a MULAN labels XML (found by name, wherever they sit),
 * a count at the first or last position, or MEKA's `-C n` in the @relation text.
 */
import { DataFormatError } from './errors';
import type { ArffAttribute } from './arff-header';

export type LabelSpec =
  | { kind: 'names'; names: string[]; source: string }
  | { kind: 'count'; count: number; position: 'first' | 'last' };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** Label names from a MULAN labels XML (`<label name="...">`, nested hierarchies included). */
export function parseLabelsXml(text: string, file: string): LabelSpec {
  const names: string[] = [];
  const seen = new Set<string>();
  const pattern = /<label\b([^>]*)>/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const attrs = match[1]!;
    const line = text.slice(0, match.index).split('\n').length;
    const name = /\bname\s*=\s*("([^"]*)"|'([^']*)')/.exec(attrs);
    if (!name) throw new DataFormatError(file, line, '<label> element without a name attribute');
    const value = unescapeXml(name[2] ?? name[3] ?? '');
    if (seen.has(value)) throw new DataFormatError(file, line, `label '${value}' is listed twice`);
    seen.add(value);
    names.push(value);
  }
  if (!/<labels\b/.test(text)) throw new DataFormatError(file, undefined, 'not a MULAN labels file: no <labels> element');
  if (names.length === 0) throw new DataFormatError(file, undefined, 'no <label name="..."> elements found');
  return { kind: 'names', names, source: file };
}

/** MEKA puts `-C n` in the relation: n > 0 labels first, n < 0 labels last. */
export function mekaLabelSpec(relation: string): LabelSpec | undefined {
  const match = /(?:^|\s|:)-C\s+(-?\d+)/.exec(relation);
  if (!match) return undefined;
  const n = Number(match[1]);
  if (n === 0) return undefined;
  return { kind: 'count', count: Math.abs(n), position: n > 0 ? 'first' : 'last' };
}

/** Attribute indices of the labels, in ARFF attribute order. */
export function resolveLabelColumns(spec: LabelSpec, attributes: ArffAttribute[], file: string): number[] {
  if (spec.kind === 'count') {
    if (!Number.isInteger(spec.count) || spec.count < 1 || spec.count >= attributes.length) {
      throw new DataFormatError(file, undefined, `cannot take ${spec.count} label(s) from ${attributes.length} attributes (at least one feature must remain)`);
    }
    const start = spec.position === 'first' ? 0 : attributes.length - spec.count;
    return Array.from({ length: spec.count }, (_, i) => start + i);
  }
  const byName = new Map<string, number>();
  attributes.forEach((a, i) => byName.set(a.name, i));
  const missing = spec.names.filter((n) => !byName.has(n));
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((n) => `'${n}'`).join(', ');
    throw new DataFormatError(file, undefined, `${missing.length} label(s) named in ${spec.source} are not attributes of this file: ${shown}${missing.length > 5 ? ', ...' : ''}`);
  }
  if (spec.names.length >= attributes.length) {
    throw new DataFormatError(file, undefined, `every attribute is a label (${spec.names.length}); there are no features`);
  }
  return spec.names.map((n) => byName.get(n)!).sort((a, b) => a - b);
}
