/**
 * A streaming ARFF reader for multi-label data: lines go in one at a time (the file is never
 * held whole), rows land in growing typed arrays. Dense rows (`v1,v2,...`) and sparse rows
 * (`{index value, ...}`, 0-based, omitted = 0 or the first nominal value) are both read.
 *
 * Feature encoding: numeric attributes as they are; nominal attributes whose values are
 * {0,1}, {no,yes} or {false,true} (any order, any case) as 0/1; other nominal attributes as
 * the value's position in the declared list ('index', the default, like liac-arff's
 * encode_nominal) or as one column per value ('onehot'). Labels must be 0 or 1.
 * Missing values (`?`) are an error unless `missing` says how to impute them.
 */
import { DataFormatError } from './errors';
import { parseAttributeLine, parseRelationLine, readToken, type ArffAttribute } from './arff-header';
import { Growable } from './growable';
import { mekaLabelSpec, resolveLabelColumns, type LabelSpec } from './labels';
import type { MultiLabelData } from './types';

/** The start of the error for a file whose labels nobody named. */
export const NO_LABELS = 'no labels given';

export interface ArffReadOptions {
  /** Which attributes are labels; default: MEKA's `-C n` in @relation, else an error. */
  labels?: LabelSpec;
  /** Encoding of nominal features that are not binary. */
  nominal?: 'index' | 'onehot';
  /** `?` values in features: an error (default), the column's mean, or 0. Labels never. */
  missing?: 'error' | 'mean' | 'zero';
}

export interface ArffInfo {
  relation: string;
  attributeCount: number;
  /** Attribute index of each label, in label order. */
  labelAttributes: number[];
  denseRows: number;
  sparseRows: number;
  blankOrCommentLines: number;
  imputedValues: number;
  /** How each non-label nominal attribute was encoded. */
  nominalEncodings: Array<{ attribute: string; encoding: 'binary' | 'index' | 'onehot'; values: string[] }>;
}

export interface ArffDataset extends MultiLabelData {
  info: ArffInfo;
}

type Encoder =
  | { kind: 'label'; index: number; attr: ArffAttribute; map?: Map<string, number> }
  | { kind: 'numeric'; col: number; attr: ArffAttribute }
  | { kind: 'mapped'; col: number; attr: ArffAttribute; map: Map<string, number> }
  | { kind: 'onehot'; col: number; attr: ArffAttribute; map: Map<string, number> };

const BINARY_SETS = [
  ['0', '1'],
  ['no', 'yes'],
  ['false', 'true'],
];

function binaryMap(values: string[]): Map<string, number> | undefined {
  if (values.length !== 2) return undefined;
  const lower = values.map((v) => v.toLowerCase());
  for (const [off, on] of BINARY_SETS) {
    if (lower.includes(off!) && lower.includes(on!)) {
      return new Map(values.map((v, i) => [v, lower[i] === on ? 1 : 0]));
    }
  }
  return undefined;
}

/** Splits a dense row on commas, honouring quotes; tokens are trimmed and unquoted. */
function splitDense(line: string): string[] {
  if (!line.includes("'") && !line.includes('"')) return line.split(',').map((t) => t.trim());
  const tokens: string[] = [];
  let i = 0;
  while (i <= line.length) {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    if (line[i] === "'" || line[i] === '"') {
      const t = readToken(line, i);
      if (!t) throw new Error('unterminated quote');
      tokens.push(t.token);
      i = t.end;
      while (i < line.length && line[i] !== ',') {
        if (line[i] !== ' ' && line[i] !== '\t') throw new Error(`unexpected text after a quoted value`);
        i++;
      }
      i++;
    } else {
      let j = line.indexOf(',', i);
      if (j < 0) j = line.length;
      tokens.push(line.slice(i, j).trim());
      i = j + 1;
    }
  }
  return tokens;
}

export class ArffParser {
  private lineNumber = 0;
  private relation = '';
  private readonly attributes: ArffAttribute[] = [];
  /** Line of each attribute name, to refuse a name declared twice. */
  private readonly attributeLines = new Map<string, number>();
  private inData = false;
  private encoders: Encoder[] = [];
  private numFeatures = 0;
  private numLabels = 0;
  private featureNames: string[] = [];
  private labelNames: string[] = [];
  private labelAttributes: number[] = [];
  private defaultFeatures = new Float32Array(0);
  private defaultLabels = new Uint8Array(0);
  private features = new Growable(Float32Array);
  private labels = new Growable(Uint8Array);
  private rows = 0;
  private denseRows = 0;
  private sparseRows = 0;
  private skipped = 0;
  private missingCells: number[] = [];
  private seenStamp = new Int32Array(0);
  private nominalEncodings: ArffInfo['nominalEncodings'] = [];

  constructor(
    private readonly file: string,
    private readonly options: ArffReadOptions = {},
  ) {}

  private fail(problem: string): never {
    throw new DataFormatError(this.file, this.lineNumber, problem);
  }

  push(rawLine: string): void {
    this.lineNumber++;
    const line = rawLine.trim();
    if (line === '' || line.startsWith('%')) {
      this.skipped++;
      return;
    }
    if (this.inData) {
      this.readRow(line);
      return;
    }
    if (line[0] !== '@') this.fail(`expected @relation, @attribute or @data before the data, found '${line.slice(0, 40)}'`);
    const keyword = /^@(\w+)/.exec(line)?.[1]?.toLowerCase();
    if (keyword === 'relation') this.relation = parseRelationLine(line);
    else if (keyword === 'attribute') {
      const attribute = parseAttributeLine(line, this.file, this.lineNumber);
      // Labels are found by name (the XML, MEKA's -C): two columns of one name would make one of them silently a feature.
      const first = this.attributeLines.get(attribute.name);
      if (first !== undefined) this.fail(`attribute '${attribute.name}' is declared twice (first on line ${first}); attribute names must be unique`);
      this.attributeLines.set(attribute.name, this.lineNumber);
      this.attributes.push(attribute);
    }
    else if (keyword === 'data') this.startData();
    else this.fail(`unknown header keyword '@${keyword ?? ''}'`);
  }

  private startData(): void {
    if (this.attributes.length === 0) this.fail('@data before any @attribute');
    const spec = this.options.labels ?? mekaLabelSpec(this.relation);
    if (!spec) {
      throw new DataFormatError(this.file, undefined, `${NO_LABELS}: pass a labels XML (--xml) or a label count (--labels N), or use a MEKA file with -C n in @relation`);
    }
    this.labelAttributes = resolveLabelColumns(spec, this.attributes, this.file);
    const isLabel = new Map(this.labelAttributes.map((a, k) => [a, k]));
    const nominal = this.options.nominal ?? 'index';
    let col = 0;
    this.encoders = this.attributes.map((attr, i) => {
      const labelIndex = isLabel.get(i);
      if (labelIndex !== undefined) {
        this.labelNames.push(attr.name);
        if (attr.kind === 'numeric') return { kind: 'label', index: labelIndex, attr };
        const map = new Map<string, number>();
        for (const v of attr.values) if (v === '0' || v === '1') map.set(v, Number(v));
        return { kind: 'label', index: labelIndex, attr, map };
      }
      if (attr.kind === 'numeric') {
        this.featureNames.push(attr.name);
        return { kind: 'numeric', col: col++, attr };
      }
      const binary = binaryMap(attr.values);
      if (binary || nominal === 'index') {
        this.featureNames.push(attr.name);
        this.nominalEncodings.push({ attribute: attr.name, encoding: binary ? 'binary' : 'index', values: attr.values });
        return { kind: 'mapped', col: col++, attr, map: binary ?? new Map(attr.values.map((v, k) => [v, k])) };
      }
      this.nominalEncodings.push({ attribute: attr.name, encoding: 'onehot', values: attr.values });
      const start = col;
      for (const v of attr.values) this.featureNames.push(`${attr.name}=${v}`);
      col += attr.values.length;
      return { kind: 'onehot', col: start, attr, map: new Map(attr.values.map((v, k) => [v, k])) };
    });
    this.numFeatures = col;
    this.numLabels = this.labelAttributes.length;
    // Sparse rows leave attributes out: those take 0, or the first declared nominal value.
    this.defaultFeatures = new Float32Array(this.numFeatures);
    this.defaultLabels = new Uint8Array(this.numLabels);
    for (const enc of this.encoders) {
      const first = enc.attr.kind === 'nominal' ? enc.attr.values[0]! : '0';
      if (enc.kind === 'label') {
        const v = enc.map ? enc.map.get(first) : 0;
        if (v !== undefined) this.defaultLabels[enc.index] = v;
      } else if (enc.kind === 'mapped') this.defaultFeatures[enc.col] = enc.map.get(first)!;
      else if (enc.kind === 'onehot') this.defaultFeatures[enc.col] = 1;
    }
    this.seenStamp = new Int32Array(this.attributes.length).fill(-1);
    this.inData = true;
  }

  private readRow(line: string): void {
    const fOffset = this.features.reserve(this.numFeatures);
    const lOffset = this.labels.reserve(this.numLabels);
    this.features.array.set(this.defaultFeatures, fOffset);
    this.labels.array.set(this.defaultLabels, lOffset);
    if (line[0] === '{') this.readSparse(line, fOffset, lOffset);
    else this.readDense(line, fOffset, lOffset);
    this.rows++;
  }

  private readDense(line: string, fOffset: number, lOffset: number): void {
    let tokens: string[];
    try {
      tokens = splitDense(line);
    } catch (error) {
      this.fail((error as Error).message);
    }
    if (tokens.length === this.attributes.length + 1 && tokens[tokens.length - 1]!.startsWith('{')) {
      this.fail('instance weights ({w} after a row) are not supported');
    }
    if (tokens.length !== this.attributes.length) {
      this.fail(`expected ${this.attributes.length} comma-separated values, found ${tokens.length}`);
    }
    for (let i = 0; i < tokens.length; i++) this.store(i, tokens[i]!, fOffset, lOffset);
    this.denseRows++;
  }

  private readSparse(line: string, fOffset: number, lOffset: number): void {
    const close = line.indexOf('}');
    if (close < 0) this.fail("sparse row without a closing '}'");
    const after = line.slice(close + 1).trim();
    if (after !== '') {
      this.fail(after.startsWith(',') && after.includes('{') ? 'instance weights ({w} after a row) are not supported' : `unexpected text after the sparse row: '${after.slice(0, 30)}'`);
    }
    const body = line.slice(1, close).trim();
    if (body !== '') {
      const stamp = this.rows;
      for (const pair of body.split(',')) {
        const entry = pair.trim();
        const space = entry.search(/\s/);
        if (space < 0) this.fail(`sparse entry '${entry}' is not 'index value'`);
        const indexText = entry.slice(0, space);
        const index = Number(indexText);
        if (!/^\d+$/.test(indexText) || index >= this.attributes.length) {
          this.fail(`bad sparse index '${indexText}': attributes are numbered 0 to ${this.attributes.length - 1}`);
        }
        if (this.seenStamp[index] === stamp) this.fail(`sparse index ${index} appears twice in one row`);
        this.seenStamp[index] = stamp;
        let value = entry.slice(space + 1).trim();
        if (value[0] === "'" || value[0] === '"') value = readToken(value, 0)?.token ?? this.fail('unterminated quote');
        this.store(index, value, fOffset, lOffset);
      }
    }
    this.sparseRows++;
  }

  private store(i: number, token: string, fOffset: number, lOffset: number): void {
    const enc = this.encoders[i]!;
    if (token === '?') {
      if (enc.kind === 'label') this.fail(`missing value '?' for label '${enc.attr.name}'`);
      const mode = this.options.missing ?? 'error';
      if (mode === 'error') {
        this.fail(`missing value '?' for feature '${enc.attr.name}': fill the file's missing values first (the library's readArffFile imputes with { missing: 'mean' } or { missing: 'zero' })`);
      }
      if (enc.kind === 'onehot') {
        this.features.array.fill(0, fOffset + enc.col, fOffset + enc.col + enc.map.size);
        if (mode === 'mean') for (let k = 0; k < enc.map.size; k++) this.missingCells.push(fOffset + enc.col + k);
      } else {
        this.features.array[fOffset + enc.col] = 0;
        if (mode === 'mean') this.missingCells.push(fOffset + enc.col);
      }
      return;
    }
    switch (enc.kind) {
      case 'label': {
        const v = enc.map ? enc.map.get(token) : Number(token);
        if (v !== 0 && v !== 1) this.fail(`label '${enc.attr.name}' has value '${token}'; labels must be 0 or 1`);
        this.labels.array[lOffset + enc.index] = v;
        return;
      }
      case 'numeric': {
        const v = token === '' ? NaN : Number(token);
        if (!Number.isFinite(v)) this.fail(`value '${token}' of numeric attribute '${enc.attr.name}' is not a finite number`);
        this.features.array[fOffset + enc.col] = v;
        return;
      }
      case 'mapped':
      case 'onehot': {
        const k = enc.map.get(token);
        if (k === undefined) {
          const declared = enc.attr.kind === 'nominal' ? enc.attr.values.join(',') : '';
          this.fail(`value '${token}' is not one of the declared values {${declared}} of '${enc.attr.name}'`);
        }
        if (enc.kind === 'mapped') this.features.array[fOffset + enc.col] = k;
        else {
          this.features.array.fill(0, fOffset + enc.col, fOffset + enc.col + enc.map.size);
          this.features.array[fOffset + enc.col + k] = 1;
        }
      }
    }
  }

  finish(name: string): ArffDataset {
    if (!this.inData) throw new DataFormatError(this.file, undefined, this.attributes.length ? 'no @data section' : 'not an ARFF file: no @attribute lines');
    const features = this.features.finish();
    if (this.missingCells.length > 0) this.imputeMeans(features);
    return {
      name,
      numInstances: this.rows,
      numFeatures: this.numFeatures,
      numLabels: this.numLabels,
      features,
      labels: this.labels.finish(),
      featureNames: this.featureNames,
      labelNames: this.labelNames,
      info: {
        relation: this.relation,
        attributeCount: this.attributes.length,
        labelAttributes: this.labelAttributes,
        denseRows: this.denseRows,
        sparseRows: this.sparseRows,
        blankOrCommentLines: this.skipped,
        imputedValues: this.missingCells.length,
        nominalEncodings: this.nominalEncodings,
      },
    };
  }

  /** Replaces recorded missing cells by the mean of the observed values of their column. */
  private imputeMeans(features: Float32Array): void {
    const d = this.numFeatures;
    const missing = new Uint8Array(features.length);
    for (const cell of this.missingCells) missing[cell] = 1;
    const sum = new Float64Array(d);
    const count = new Float64Array(d);
    for (let i = 0; i < features.length; i++) {
      if (!missing[i]) {
        sum[i % d]! += features[i]!;
        count[i % d]! += 1;
      }
    }
    for (const cell of this.missingCells) {
      const c = cell % d;
      features[cell] = count[c]! > 0 ? sum[c]! / count[c]! : 0;
    }
  }
}

/** Reads ARFF text line by line from any (async) iterable of lines. */
export async function parseArffLines(
  lines: AsyncIterable<string> | Iterable<string>,
  file: string,
  name: string,
  options: ArffReadOptions = {},
): Promise<ArffDataset> {
  const parser = new ArffParser(file, options);
  for await (const line of lines) parser.push(line);
  return parser.finish(name);
}
