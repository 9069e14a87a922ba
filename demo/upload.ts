/**
 * An ARFF (optionally gzipped) and a MULAN labels XML chosen by the user, parsed in the browser
 * by the project's own reader. Malformed files throw the loader's DataFormatError, which names
 * the file, the line and the problem.
 */
import { readArffFile, type ArffDataset } from 'd2ace-webgpu';

/** Where the labels came from, for the page. */
export interface ParsedUpload {
  dataset: ArffDataset;
  labelSource: string;
}

/** Without an XML the reader falls back to MEKA's `-C n` in @relation (and says so when absent). */
export async function parseUpload(arff: File, xml: File | undefined): Promise<ParsedUpload> {
  const dataset = await readArffFile(arff, xml);
  return { dataset, labelSource: xml ? xml.name : "MEKA's -C in @relation" };
}
