/** Chart.js's browser build, inlined into the HTML report so that the page opens from disk. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from './package-root';

export function chartJsSource(): string {
  // A checkout reads the UMD build from chart.js, where it sits beside the CommonJS entry (it
  // is not in chart.js's "exports"); an installed package has its copy in dist/node/vendor.
  try {
    const require = createRequire(import.meta.url);
    return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  } catch {
    return readFileSync(join(PACKAGE_ROOT, 'dist/node/vendor/chart.umd.min.js'), 'utf8');
  }
}
