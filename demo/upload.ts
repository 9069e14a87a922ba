/**
 * An ARFF (optionally gzipped) and a MULAN labels XML chosen by the user, parsed in the browser
 * by the project's own reader. Malformed files throw the loader's DataFormatError, which names
 * the file, the line and the problem.
 */
import { parseArffLines, parseLabelsXml, type ArffDataset, type LabelSpec } from 'd2ace-webgpu';

/** The file's text; gzip is recognised by its magic bytes, as fetchArff does. */
async function fileText(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
}

/** Where the labels came from, for the page. */
export interface ParsedUpload {
  dataset: ArffDataset;
  labelSource: string;
}

/**
 * Without an XML the reader falls back to MEKA's `-C n` in @relation (and says so when absent).
 * Lines are split on '\n' only, so the reader's line numbers match an editor's.
 */
export async function parseUpload(arff: File, xml: File | undefined): Promise<ParsedUpload> {
  const labels: LabelSpec | undefined = xml ? parseLabelsXml(await fileText(xml), xml.name) : undefined;
  const lines = (await fileText(arff)).split('\n');
  const name = arff.name.replace(/\.arff(\.gz)?$/i, '');
  const dataset = await parseArffLines(lines, arff.name, name, labels ? { labels } : {});
  return { dataset, labelSource: xml ? xml.name : "MEKA's -C in @relation" };
}
