// Registers only the `*.wgsl?raw` hook (Playwright transpiles TypeScript itself): test files and
// the sweep runner import modules that import WGSL. Loaded with --import in Playwright's processes.
import { register } from 'node:module';

register('./wgsl-hook.mjs', import.meta.url);
