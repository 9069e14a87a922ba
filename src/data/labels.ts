/**
 * Which attributes are labels: named in a MULAN labels XML (found by name, wherever they sit),
 * a count at the first or last position, or MEKA's `-C n` in the @relation text.
 */
import { SaxesParser } from 'saxes';
import { DataFormatError } from './errors';
import type { ArffAttribute } from './arff-header';

export type LabelSpec =
  | { kind: 'names'; names: string[]; source: string }
  | { kind: 'count'; count: number; position: 'first' | 'last' };

/** An element's local name (MULAN files use a default namespace; a prefix is dropped). */
const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);

/**
 * Label names from a MULAN labels XML (`<label name="...">`, nested hierarchies included), read
 * by a strict XML parser: a truncated or malformed file, a bad character reference or an
 * undeclared entity is an error with its line (comments are comments; no entity is expanded
 * beyond XML's own five and character references).
 */
export function parseLabelsXml(text: string, file: string): LabelSpec {
  const names: string[] = [];
  const seen = new Set<string>();
  let root: string | undefined;
  const parser = new SaxesParser({ position: true });
  const fail = (problem: string): never => {
    throw new DataFormatError(file, parser.line, problem);
  };
  parser.on('error', (error) => fail(`not well-formed XML: ${error.message.replace(/^\d+:\d+: /, '')}`));
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (root === undefined) {
      root = name;
      if (name !== 'labels') fail(`not a MULAN labels file: the root element is <${tag.name}>, not <labels>`);
      return;
    }
    if (name !== 'label') return;
    const value = tag.attributes['name'];
    if (typeof value !== 'string') return fail('<label> element without a name attribute');
    if (seen.has(value)) fail(`label '${value}' is listed twice`);
    seen.add(value);
    names.push(value);
  });
  // An empty document is already an error ("must contain a root element"), so a root was seen.
  parser.write(text).close();
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
