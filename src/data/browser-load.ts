/** Loading a dataset in the browser from URLs (ARFF or gzipped ARFF, plus a labels XML); for demo-sized files. */
import { parseArffLines, type ArffDataset } from './arff-reader';
import { DataFormatError } from './errors';
import { parseLabelsXml } from './labels';

async function* lines(url: string): AsyncGenerator<string> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new DataFormatError(url, undefined, `cannot fetch: HTTP ${response.status}`);
  // Gzip by content, not by name: servers may already have decoded a .gz file (Content-Encoding).
  const bytes = new Uint8Array(await response.arrayBuffer());
  let stream: ReadableStream<Uint8Array> = new Blob([bytes]).stream();
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) stream = stream.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  const reader = stream.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).getReader();
  let rest = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const parts = (rest + value).split('\n');
    rest = parts.pop() ?? '';
    yield* parts;
  }
  if (rest) yield rest;
}

export async function fetchArff(url: string, xmlUrl: string): Promise<ArffDataset> {
  const xml = await fetch(xmlUrl);
  if (!xml.ok) throw new DataFormatError(xmlUrl, undefined, `cannot fetch: HTTP ${xml.status}`);
  const labels = parseLabelsXml(await xml.text(), xmlUrl);
  return parseArffLines(lines(url), url, url.replace(/^.*\//, '').replace(/\.arff(\.gz)?$/i, ''), { labels });
}
