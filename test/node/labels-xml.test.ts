/**
 * Labels XML read by a strict XML parser: truncated, commented, malformed or entity-laden files
 * are errors with file and line, never a silent change of which columns are labels.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load';
import { parseLabelsXml } from '../../src/data/labels';
import { SHARED_DATASETS } from './shared-datasets';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

const HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<labels xmlns="http://mulan.sourceforge.net/labels">\n';
const parse = (text: string) => () => parseLabelsXml(text, 'l.xml');

describe('labels XML', () => {
  it('reads names in document order, with XML entities and character references, nested hierarchies included', () => {
    const spec = parseLabelsXml(`${HEAD}<label name="a&amp;b &#65;&#x42;"><label name='child'/></label>\n<label name="c"></label>\n</labels>\n`, 'l.xml');
    expect(spec).toEqual({ kind: 'names', names: ['a&b AB', 'child', 'c'], source: 'l.xml' });
  });

  it('a commented-out label is not a label', () => {
    expect(parseLabelsXml(`${HEAD}<!-- <label name="x"></label> -->\n<label name="a"/>\n</labels>`, 'l.xml')).toMatchObject({ names: ['a'] });
    expect(parseLabelsXml(`${HEAD}<!-- <label name="x"> -->\n<label name="a"/>\n</labels>`, 'l.xml')).toMatchObject({ names: ['a'] });
  });

  it('a truncated file (no </labels>, the last <label unclosed) is an error at its last line', () => {
    expect(parse(`${HEAD}<label name="a"></label>\n<label name="b"`)).toThrow('l.xml:4: not well-formed XML: unclosed tag: labels');
    expect(parse(`${HEAD}<label name="a"></label>\n`)).toThrow('l.xml:4: not well-formed XML: unclosed tag: labels');
  });

  it('bad character references, undeclared and DTD-declared entities are errors with their line', () => {
    expect(parse(`${HEAD}<label name="a"/>\n<label name="&#x110000;"/>\n</labels>`)).toThrow('l.xml:4: not well-formed XML: malformed character entity.');
    expect(parse(`${HEAD}<label name="&nbsp;"/>\n</labels>`)).toThrow('l.xml:3: not well-formed XML: undefined entity.');
    expect(parse('<!DOCTYPE labels [<!ENTITY x "boom">]>\n<labels><label name="&x;"/></labels>')).toThrow('l.xml:2: not well-formed XML: undefined entity.');
  });

  it('names what else is wrong: another root, no name, a name twice, no labels, an empty file', () => {
    expect(parse('<foo><label name="a"/></foo>')).toThrow('l.xml:1: not a MULAN labels file: the root element is <foo>, not <labels>');
    expect(parse(`${HEAD}<label id="a"/>\n</labels>`)).toThrow('l.xml:3: <label> element without a name attribute');
    expect(parse(`${HEAD}<label name="a"/>\n<label name="a"/>\n</labels>`)).toThrow("l.xml:4: label 'a' is listed twice");
    expect(parse(`${HEAD}</labels>`)).toThrow('l.xml: no <label name="..."> elements found');
    expect(parse('')).toThrow('l.xml:1: not well-formed XML: document must contain a root element.');
  });

  it('every labels XML of the shared benchmarks parses, to as many names as it has <label elements', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    if (!existsSync(SHARED_DATASETS)) throw new Error(`the shared datasets are missing at ${SHARED_DATASETS}`);
    const files = readdirSync(SHARED_DATASETS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.xml'));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) {
      const text = readFileSync(join(SHARED_DATASETS, f), 'utf8');
      const spec = parseLabelsXml(text, f);
      expect(spec.kind === 'names' && spec.names.length, f).toBe((text.match(/<label\b/g) ?? []).length);
    }
  });
});

describe('a truncated labels XML beside an ARFF', () => {
  const dir = scratchDir('labels');

  it('stops the load with file and line instead of turning four label columns into features', async () => {
    const attributes = ['f1', 'f2', 'f3', 'f4'].map((f) => `@attribute ${f} numeric`).concat(['l1', 'l2', 'l3', 'l4', 'l5'].map((l) => `@attribute ${l} {0,1}`));
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${i % 3},${i % 5},${i % 7},${i % 2},${(i + 1) % 2},1,0,${i % 3 === 0 ? 1 : 0}`);
    writeFileSync(join(dir, 't.arff'), ['@relation t', ...attributes, '@data', ...rows].join('\n'));
    const xml = join(dir, 't.xml');
    writeFileSync(xml, `${HEAD}<label name="l1"></label>\n<label name="l2"></label>\n<label name="l3"></label>\n<label name="l4"></label>\n<label name="l5"`);
    await expect(loadDataset(join(dir, 't.arff'), { xml })).rejects.toThrow(`${xml}:7: not well-formed XML: unclosed tag: labels`);
  });
});
