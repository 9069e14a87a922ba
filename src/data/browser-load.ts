/**
 * Loading a dataset in the browser (ARFF or gzipped ARFF, plus a labels XML), from URLs or from
 * files the user picked; for demo-sized files.
 */
import { NO_LABELS, parseArffLines, type ArffDataset } from './arff-reader';
import { DataFormatError } from './errors';
import { parseLabelsXml, type LabelSpec } from './labels';

/**
 * The lines of an ARFF's bytes, split on '\n' only so line numbers match an editor's. Gzip is
 * recognised by content, not by name: servers may already have decoded a .gz file.
 */
async function* lines(bytes: Uint8Array<ArrayBuffer>): AsyncGenerator<string> {
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

async function fetched(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new DataFormatError(url, undefined, `cannot fetch: HTTP ${response.status}`);
  return response;
}

const datasetName = (file: string) => file.replace(/^.*\//, '').replace(/\.arff(\.gz)?$/i, '');

export async function fetchArff(url: string, xmlUrl: string): Promise<ArffDataset> {
  const labels = parseLabelsXml(await (await fetched(xmlUrl)).text(), xmlUrl);
  const bytes = new Uint8Array(await (await fetched(url)).arrayBuffer());
  return parseArffLines(lines(bytes), url, datasetName(url), { labels });
}

/** A picked file's text (a gzipped one decompressed). */
async function fileText(file: File): Promise<string> {
  let text = '';
  for await (const line of lines(new Uint8Array(await file.arrayBuffer()))) text += `${line}\n`;
  return text;
}

/**
 * An ARFF the user picked (an <input type=file> File), with its labels XML; without one, the
 * reader takes the label count from MEKA's `-C n` in @relation. Errors name the file's name.
 */
export async function readArffFile(arff: File, xml?: File): Promise<ArffDataset> {
  const labels: LabelSpec | undefined = xml ? parseLabelsXml(await fileText(xml), xml.name) : undefined;
  try {
    return await parseArffLines(lines(new Uint8Array(await arff.arrayBuffer())), arff.name, datasetName(arff.name), labels ? { labels } : {});
  } catch (error) {
    // The reader's hint names command-line flags; a page's user picks files instead.
    if (error instanceof DataFormatError && error.problem.startsWith(NO_LABELS)) {
      throw new DataFormatError(error.file, error.line, `${NO_LABELS}: choose its labels XML too, or use a MEKA file with -C n in @relation`);
    }
    throw error;
  }
}
