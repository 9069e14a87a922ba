/** Finding Debian's Chromium and the flags that give it WebGPU on a machine without a GPU. */
import { existsSync } from 'node:fs';

/** The real binary first: /usr/bin/chromium is a wrapper script that adds flags and noise. */
export const CHROMIUM_CANDIDATES = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export const CHROMIUM_WEBGPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['D2ACE_CHROMIUM'];
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`D2ACE_CHROMIUM points at ${explicit}, which does not exist`);
    return explicit;
  }
  const found = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `no Chromium found (looked at ${CHROMIUM_CANDIDATES.join(', ')}). ` +
        "Install Debian's 'chromium' package (npm test and npm start do this) or set D2ACE_CHROMIUM.",
    );
  }
  return found;
}
