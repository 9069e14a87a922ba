/**
 * Dataset names to files. A name is looked up as a folder in the data directories (in order:
 * --data-dir, $D2ACE_DATA_DIR, the data bundled with the package); inside, `*-train` and
 * `*-test` ARFF files are the official split, another ARFF the full set, `*.xml` the labels.
 * A path to an .arff / .arff.gz file is taken as it is.
 */
import { didYouMean } from '../util/did-you-mean';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../node/package-root';

export const BUNDLED_DATA_DIR = `${PACKAGE_ROOT}data/`;

export const MULAN_HINT =
  'MULAN multi-label datasets (ARFF + labels XML) are at http://mulan.sourceforge.net/datasets-mlc.html; ' +
  'put each in a folder named after it and pass --data-dir (or set D2ACE_DATA_DIR).';

export interface DatasetFiles {
  name: string;
  /** Folder holding the files (or the file's folder for a path). */
  dir: string;
  xml?: string;
  train?: string;
  test?: string;
  full?: string;
}

export interface LocateOptions {
  dataDir?: string;
  /** A labels XML that overrides the one found next to the data. */
  xml?: string;
  env?: Record<string, string | undefined>;
}

export function dataDirectories(options: LocateOptions = {}): string[] {
  const env = options.env ?? process.env;
  const dirs = [options.dataDir, env['D2ACE_DATA_DIR'], BUNDLED_DATA_DIR].filter((d): d is string => !!d);
  return [...new Set(dirs.map((d) => resolve(d)))];
}

const ARFF = /\.arff(\.gz)?$/i;
const TRAIN = /[-_](train|training)([-_]sparse)?$/i;
const TEST = /[-_]test([-_]sparse)?$/i;

/** Classifies a folder's files into train / test / full ARFF and labels XML. */
export function classifyFolder(name: string, dir: string): DatasetFiles {
  const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile()).sort();
  const found: DatasetFiles = { name, dir };
  const xmls = files.filter((f) => /\.xml$/i.test(f));
  const xml = xmls.find((f) => f.toLowerCase().startsWith(name.toLowerCase())) ?? (xmls.length === 1 ? xmls[0] : undefined);
  if (xml) found.xml = join(dir, xml);
  for (const file of files.filter((f) => ARFF.test(f))) {
    const stem = file.replace(ARFF, '');
    const role = TRAIN.test(stem) ? 'train' : TEST.test(stem) ? 'test' : 'full';
    // Prefer a plain ARFF over its gzip twin when both exist; keep the first otherwise.
    if (!found[role] || (/\.gz$/i.test(found[role]!) && !/\.gz$/i.test(file))) found[role] = join(dir, file);
  }
  return found;
}

export function locateDataset(nameOrPath: string, options: LocateOptions = {}): DatasetFiles {
  let found: DatasetFiles | undefined;
  if (ARFF.test(nameOrPath)) {
    const path = resolve(nameOrPath);
    if (!existsSync(path)) throw new Error(`dataset file ${path} does not exist`);
    const dir = dirname(path);
    const stem = basename(path).replace(ARFF, '');
    found = { name: stem, dir, full: path };
    const sibling = classifyFolder(stem, dir);
    const xmlByStem = [`${stem}.xml`, `${stem.replace(TRAIN, '').replace(TEST, '')}.xml`].map((f) => join(dir, f)).find(existsSync);
    const xml = xmlByStem ?? sibling.xml;
    if (xml) found.xml = xml;
  } else {
    const looked: string[] = [];
    const known: string[] = [];
    for (const root of dataDirectories(options)) {
      if (!existsSync(root)) {
        looked.push(`${root} (missing)`);
        continue;
      }
      known.push(...readdirSync(root).filter((f) => statSync(join(root, f)).isDirectory()));
      const folder = readdirSync(root).find((f) => f.toLowerCase() === nameOrPath.toLowerCase() && statSync(join(root, f)).isDirectory());
      looked.push(join(root, nameOrPath));
      if (folder) {
        found = classifyFolder(folder, join(root, folder));
        break;
      }
    }
    if (!found) throw new Error(`dataset '${nameOrPath}' not found${didYouMean(nameOrPath, known)}: looked in ${looked.join(', ')}. ${MULAN_HINT}`);
    if (!found.full && !(found.train && found.test)) {
      throw new Error(`dataset '${nameOrPath}' in ${found.dir} has no full ARFF file and no -train/-test pair`);
    }
  }
  if (options.xml) {
    const xml = resolve(options.xml);
    if (!existsSync(xml)) throw new Error(`labels file ${xml} does not exist`);
    found.xml = xml;
  }
  return found;
}

export { referenceFeatureFraction } from './reference-protocol';
