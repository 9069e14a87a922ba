#!/usr/bin/env node
// The d2ace command. From a checkout (TypeScript sources and tsx present) it runs the sources
// directly, with WGSL imported as text; from an installed package it runs the built CLI.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const sources = new URL('../src/cli/main.ts', import.meta.url);

function hasTsx() {
  try {
    createRequire(import.meta.url).resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

let main;
if (existsSync(sources) && hasTsx()) {
  await import('../src/node/register.mjs');
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import('../dist/node/cli.mjs'));
}
process.exitCode = await main(process.argv.slice(2));
