/**
 * The package's own folder, found from this module: two levels up in the sources
 * (src/node/), two in the build (dist/node/). Bundled data, configs and the vendored Chart.js
 * are read from here, so the CLI finds them both from a checkout and from an installed package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'd2ace-webgpu') return `${dir}/`;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`d2ace-webgpu: no package.json of d2ace-webgpu above ${start}`);
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
