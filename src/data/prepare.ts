/** Loading and preparing a dataset from disk (Node): load.ts, then prepare-core.ts. */
import { loadDataset } from './load';
import { prepareLoaded, type PrepareOptions, type PreparedDataset } from './prepare-core';

export * from './prepare-core';

/** Loads and prepares; the loaded arrays are this function's own, so the protocol works in place (one copy of the data less). */
export async function prepareDataset(nameOrPath: string, options: PrepareOptions = {}): Promise<PreparedDataset> {
  return prepareLoaded(await loadDataset(nameOrPath, options), { ...options, inPlace: true });
}

