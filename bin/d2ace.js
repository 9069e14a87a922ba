#!/usr/bin/env node
// The d2ace command: runs the TypeScript sources directly (tsx) with WGSL imported as text.
import { register } from 'node:module';
import { register as registerTypeScript } from 'tsx/esm/api';

register('../src/node/wgsl-hook.mjs', import.meta.url);
registerTypeScript();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
