import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, afterAll } from 'vitest';
import { readArffFile } from '../../src/data/arff-file';
import { parseArffLines, type ArffReadOptions } from '../../src/data/arff-reader';
import { parseLabelsXml } from '../../src/data/labels';
import { removeScratch, scratchDir } from '../support/scratch';

afterAll(removeScratch);

const last = (count: number): ArffReadOptions => ({ labels: { kind: 'count', count, position: 'last' } });
const read = (text: string, options: ArffReadOptions = last(2)) => parseArffLines(text.split('\n'), 'f.arff', 'f', options);

const HEADER = `@relation r
@attribute a numeric
@attribute b numeric
@attribute l1 {0,1}
@attribute l2 {0,1}
@data`;

describe('ARFF reader', () => {
  it('reads dense and sparse rows, comments, blank lines, CRLF and any keyword case', async () => {
    const text = ['% a comment', '@RELATION r', '', '@Attribute a NUMERIC', '@attribute b real', '@attribute l1 {0,1}', '@attribute l2 {0,1}', '@DATA', '1.5,-2,1,0\r', '', '% inside data', '{1 3e-1,3 1}', '{}'].join('\n');
    const ds = await read(text);
    expect(ds.numInstances).toBe(3);
    expect(Array.from(ds.features)).toEqual([1.5, -2, 0, Math.fround(0.3), 0, 0]);
    expect(Array.from(ds.labels)).toEqual([1, 0, 0, 1, 0, 0]);
    expect(ds.featureNames).toEqual(['a', 'b']);
    expect(ds.labelNames).toEqual(['l1', 'l2']);
    expect(ds.info).toMatchObject({ denseRows: 1, sparseRows: 2, blankOrCommentLines: 4 });
  });

  it('unescapes quoted names, trims tab- and space-separated nominal lists and comma+space rows', async () => {
    const text = `@relation 'a relation'
@attribute 'Swainson\\'s Thrush' numeric
@attribute "x y"\t{ YES ,\tNO }
@attribute - numeric
@attribute 'l 1' {0,1}
@data
3, NO, 7, 1
4,YES,8,0`;
    const ds = await read(text, { labels: parseLabelsXml('<labels><label name="l 1"></label></labels>', 'l.xml') });
    expect(ds.featureNames).toEqual(["Swainson's Thrush", 'x y', '-']);
    expect(Array.from(ds.features)).toEqual([3, 0, 7, 4, 1, 8]);
    expect(ds.info.nominalEncodings).toEqual([{ attribute: 'x y', encoding: 'binary', values: ['YES', 'NO'] }]);
  });

  it('encodes other nominal features by index (default) or one-hot; sparse omissions take the first value', async () => {
    const text = `@relation r
@attribute loc {2,10,1}
@attribute v numeric
@attribute l {0,1}
@data
10,5,1
{1 2}`;
    const index = await read(text, last(1));
    expect(Array.from(index.features)).toEqual([1, 5, 0, 2]);
    const onehot = await read(text, { ...last(1), nominal: 'onehot' });
    expect(onehot.featureNames).toEqual(['loc=2', 'loc=10', 'loc=1', 'v']);
    expect(Array.from(onehot.features)).toEqual([0, 1, 0, 5, 1, 0, 0, 2]);
  });

  it('takes labels by name from XML wherever they are, in attribute order', async () => {
    const text = `@relation r
@attribute y2 {0,1}
@attribute a numeric
@attribute y1 {0,1}
@data
1,0.5,0`;
    const ds = await read(text, { labels: parseLabelsXml('<labels><label name="y1"/><label name="y2"/></labels>', 'l.xml') });
    expect(ds.labelNames).toEqual(['y2', 'y1']);
    expect(Array.from(ds.labels)).toEqual([1, 0]);
    expect(ds.featureNames).toEqual(['a']);
  });

  it('refuses an attribute name declared twice (a label column would silently become a feature)', async () => {
    const text = `@relation r
@attribute lab0 {0,1}
@attribute x numeric
@attribute lab0 {0,1}
@data
1,0.5,0`;
    await expect(read(text, { labels: parseLabelsXml('<labels><label name="lab0"/><label name="lab2"/></labels>', 'l.xml') })).rejects.toThrow(
      "f.arff:4: attribute 'lab0' is declared twice (first on line 2); attribute names must be unique",
    );
  });

  it("recognises MEKA's -C n (labels first) and -C -n (labels last)", async () => {
    const body = `@attribute p {0,1}
@attribute q {0,1}
@attribute x numeric
@data
1,0,9`;
    const first = await read(`@relation 'Music: -C 2 -split 0'\n${body}`, {});
    expect(first.labelNames).toEqual(['p', 'q']);
    const lastOne = await read(`@relation 'M: -C -1'\n${body.replace('@attribute x numeric', '@attribute x {0,1}')}`.replace('1,0,9', '1,0,1'), {});
    expect(lastOne.labelNames).toEqual(['x']);
  });

  it('imputes missing values only when asked', async () => {
    const text = `${HEADER}\n1,?,1,0\n3,4,0,1\n?,8,1,1`;
    const mean = await read(text, { ...last(2), missing: 'mean' });
    expect(Array.from(mean.features)).toEqual([1, 6, 3, 4, 2, 8]);
    expect(mean.info.imputedValues).toBe(2);
    const zero = await read(text, { ...last(2), missing: 'zero' });
    expect(Array.from(zero.features)).toEqual([1, 0, 3, 4, 0, 8]);
  });

  const broken: Array<[string, string, string, ArffReadOptions?]> = [
    ['unknown attribute type', '@relation r\n@attribute a blob\n@data', "f.arff:2: unknown attribute type 'blob' for 'a'"],
    ['string attribute', '@relation r\n@attribute a string\n@data', "f.arff:2: attribute 'a' has type string, which multi-label learning here does not support (numeric or nominal only)"],
    ['unterminated quoted name', "@relation r\n@attribute 'a numeric\n@data", 'f.arff:2: @attribute without a name (or with an unterminated quote)'],
    ['unknown keyword', '@relation r\n@attrib a numeric', "f.arff:2: unknown header keyword '@attrib'"],
    ['data before the header', '1,2,3', "f.arff:1: expected @relation, @attribute or @data before the data, found '1,2,3'"],
    ['too few values', `${HEADER}\n1,2,1`, 'f.arff:7: expected 4 comma-separated values, found 3'],
    ['too many values', `${HEADER}\n1,2,1,0,5`, 'f.arff:7: expected 4 comma-separated values, found 5'],
    ['empty value', `${HEADER}\n1,,1,0`, "f.arff:7: value '' of numeric attribute 'b' is not a finite number"],
    ['not a number', `${HEADER}\n1,abc,1,0`, "f.arff:7: value 'abc' of numeric attribute 'b' is not a finite number"],
    ['label not 0/1', `${HEADER}\n1,2,1,0\n1,2,2,0`, "f.arff:8: label 'l1' has value '2'; labels must be 0 or 1"],
    ['numeric label not 0/1', '@relation r\n@attribute a numeric\n@attribute l numeric\n@data\n1,0.5', "f.arff:5: label 'l' has value '0.5'; labels must be 0 or 1", last(1)],
    ['missing label', `${HEADER}\n1,2,?,0`, "f.arff:7: missing value '?' for label 'l1'"],
    ['missing feature', `${HEADER}\n1,?,1,0`, "f.arff:7: missing value '?' for feature 'b': fill the file's missing values first (the library's readArffFile imputes with { missing: 'mean' } or { missing: 'zero' })"],
    ['sparse index out of range', `${HEADER}\n{0 1,4 1}`, "f.arff:7: bad sparse index '4': attributes are numbered 0 to 3"],
    ['sparse index not a number', `${HEADER}\n{x 1}`, "f.arff:7: bad sparse index 'x': attributes are numbered 0 to 3"],
    ['sparse entry without value', `${HEADER}\n{1}`, "f.arff:7: sparse entry '1' is not 'index value'"],
    ['duplicate sparse index', `${HEADER}\n{1 1,1 2}`, 'f.arff:7: sparse index 1 appears twice in one row'],
    ['unclosed sparse row', `${HEADER}\n{1 1,2 1`, "f.arff:7: sparse row without a closing '}'"],
    ['instance weight', `${HEADER}\n1,2,1,0,{3}`, 'f.arff:7: instance weights ({w} after a row) are not supported'],
    ['undeclared nominal value', '@relation r\n@attribute a {x,y}\n@attribute l {0,1}\n@data\nz,1', "f.arff:5: value 'z' is not one of the declared values {x,y} of 'a'", last(1)],
    ['no @data', '@relation r\n@attribute a numeric', 'f.arff: no @data section'],
    ['empty file', '', 'f.arff: not an ARFF file: no @attribute lines'],
    ['no label specification', HEADER, 'f.arff: no labels given: pass a labels XML (--xml) or a label count (--labels N), or use a MEKA file with -C n in @relation', {}],
    ['labels not in file', HEADER, "f.arff: 1 label(s) named in l.xml are not attributes of this file: 'zz'", { labels: { kind: 'names', names: ['l1', 'zz'], source: 'l.xml' } }],
    ['every attribute a label', HEADER, 'f.arff: cannot take 4 label(s) from 4 attributes (at least one feature must remain)', last(4)],
  ];

  it.each(broken)('rejects %s with file, line and problem', async (_what, text, message, options) => {
    await expect(read(text, options ?? last(2))).rejects.toThrow(message);
    await read(text, options ?? last(2)).catch((e: Error) => expect(e.message).toBe(message));
  });

  it('reads gzip files by content, and names a missing file', async () => {
    const dir = scratchDir('arff');
    const path = join(dir, 'tiny.arff.gz');
    writeFileSync(path, gzipSync(`${HEADER}\n1,2,1,0\n`));
    const ds = await readArffFile(path, last(2));
    expect(ds.name).toBe('tiny');
    expect(Array.from(ds.labels)).toEqual([1, 0]);
    await expect(readArffFile(join(dir, 'nope.arff'), last(2))).rejects.toThrow(`${join(dir, 'nope.arff')}: cannot open: ENOENT`);
  });
});

describe('labels XML', () => {
  it('reads names with entities and nested labels', () => {
    const spec = parseLabelsXml(`<?xml version="1.0"?>\n<labels xmlns="http://mulan.sourceforge.net/labels">\n<label name="a &amp; b"><label name='c'></label></label>\n</labels>`, 'x.xml');
    expect(spec).toEqual({ kind: 'names', names: ['a & b', 'c'], source: 'x.xml' });
  });

  it.each([
    ['<labels></labels>', 'x.xml: no <label name="..."> elements found'],
    ['<foo/>', 'x.xml:1: not a MULAN labels file: the root element is <foo>, not <labels>'],
    ['<labels>\n<label name="a"/>\n<label name="a"/></labels>', "x.xml:3: label 'a' is listed twice"],
    ['<labels>\n<label id="a"/></labels>', 'x.xml:2: <label> element without a name attribute'],
  ])('rejects %j', (xml, message) => {
    expect(() => parseLabelsXml(xml, 'x.xml')).toThrow(message);
  });
});
