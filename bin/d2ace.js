#!/usr/bin/env node
// The d2ace command: runs the TypeScript sources directly, with WGSL imported as text.
import '../src/node/register.mjs';

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
