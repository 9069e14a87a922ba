/** Node file access for ARFF and label XML: plain or gzip (detected by content, not by name). */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { gunzipSync, createGunzip } from 'node:zlib';
import { DataFormatError } from './errors';
import { parseArffLines, type ArffDataset, type ArffReadOptions } from './arff-reader';
import { parseLabelsXml, type LabelSpec } from './labels';

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

async function* fileLines(path: string): AsyncGenerator<string> {
  const raw = createReadStream(path);
  const stream = (await isGzip(path)) ? raw.pipe(createGunzip()) : raw;
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of rl) yield line;
  } catch (error) {
    throw new DataFormatError(path, undefined, `cannot read: ${(error as Error).message}`);
  } finally {
    rl.close();
    raw.destroy();
  }
}

/** Reads an .arff or .arff.gz file, streaming. */
export async function readArffFile(path: string, options: ArffReadOptions = {}, name = basename(path).replace(/\.arff(\.gz)?$/i, '')): Promise<ArffDataset> {
  try {
    await open(path, 'r').then((h) => h.close());
  } catch (error) {
    throw new DataFormatError(path, undefined, `cannot open: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseArffLines(fileLines(path), path, name, options);
}

/** Reads a MULAN labels XML file (plain or gzip). */
export async function readLabelsXml(path: string): Promise<LabelSpec> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new DataFormatError(path, undefined, `cannot open: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return parseLabelsXml(text, path);
}
