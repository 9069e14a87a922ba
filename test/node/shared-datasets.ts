/** The benchmark datasets beside the project (../shared/datasets), as tests and benchmarks use them. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED_DATASETS = process.env['D2ACE_SHARED_DATASETS'] ?? fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

export interface ManifestFile {
  file: string;
  role: string;
  n_instances?: number;
  n_features?: number;
  n_labels?: number;
  label_cardinality?: number;
  rows_with_no_label?: number;
  labels_never_positive?: number;
  row_format?: string;
}

export interface ManifestDataset {
  name: string;
  files: ManifestFile[];
}

export function readManifest(): ManifestDataset[] {
  const path = `${SHARED_DATASETS}/manifest.json`;
  if (!existsSync(path)) throw new Error(`the shared datasets are missing: ${path} not found (set D2ACE_SHARED_DATASETS)`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { datasets: ManifestDataset[] }).datasets;
}
