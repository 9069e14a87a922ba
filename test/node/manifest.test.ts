import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArffFile, readLabelsXml } from '../../src/data/arff-file';
import { loadDataset } from '../../src/data/load';
import { classifyFolder } from '../../src/data/registry';
import { readManifest, SHARED_DATASETS } from './shared-datasets';

const manifest = readManifest();

describe('every dataset in the shared manifest loads with the documented counts', () => {
  for (const dataset of manifest) {
    const dir = join(SHARED_DATASETS, dataset.name);
    const arffFiles = dataset.files.filter((f) => ['train', 'test', 'full'].includes(f.role));
    it.each(arffFiles.map((f) => [f.file, f] as const))(`${dataset.name}: %s`, async (_name, expected) => {
      const xml = classifyFolder(dataset.name, dir).xml!;
      const ds = await readArffFile(join(dir, expected.file), { labels: await readLabelsXml(xml) });
      expect(ds.numInstances).toBe(expected.n_instances);
      expect(ds.numFeatures).toBe(expected.n_features);
      expect(ds.numLabels).toBe(expected.n_labels);
      let positives = 0;
      let empty = 0;
      const perLabel = new Int32Array(ds.numLabels);
      for (let i = 0; i < ds.numInstances; i++) {
        let rowSum = 0;
        for (let j = 0; j < ds.numLabels; j++) {
          const y = ds.labels[i * ds.numLabels + j]!;
          rowSum += y;
          perLabel[j]! += y;
        }
        positives += rowSum;
        if (rowSum === 0) empty++;
      }
      expect(Math.abs(positives / ds.numInstances - expected.label_cardinality!)).toBeLessThan(5.1e-5);
      expect(empty).toBe(expected.rows_with_no_label);
      expect(perLabel.filter((c) => c === 0).length).toBe(expected.labels_never_positive);
      const rows = expected.row_format === 'sparse' ? ds.info.sparseRows : ds.info.denseRows;
      expect(rows).toBe(expected.n_instances);
    });
  }

  it('official splits come from -train/-test files, in that order', async () => {
    const loaded = await loadDataset('scene', { dataDir: SHARED_DATASETS });
    expect(loaded.data.numInstances).toBe(1211 + 1196);
    expect(loaded.officialSplit!.train.length).toBe(1211);
    expect(loaded.officialSplit!.test[0]).toBe(1211);
    expect(loaded.labelSource).toMatch(/scene\.xml$/);
  });
});
