// Lets Node run the TypeScript sources directly: tsx for .ts, and `*.wgsl?raw` imports as text
// (as Vite does). Used by bin/d2ace.js and by scripts: node --import ./src/node/register.mjs x.ts
import { register } from 'node:module';
import { register as registerTypeScript } from 'tsx/esm/api';

register('./wgsl-hook.mjs', import.meta.url);
registerTypeScript();
