// Node module hook: `import source from './x.wgsl?raw'` yields the file's text, as in Vite.
// Registered by bin/d2ace.js before any project module loads.
import { readFile } from 'node:fs/promises';

const RAW = /\.wgsl\?raw$/;

export async function load(url, context, nextLoad) {
  if (RAW.test(url)) {
    const text = await readFile(new URL(url.replace(/\?raw$/, '')), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
