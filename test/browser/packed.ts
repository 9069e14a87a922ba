/**
 * The package as a user gets it: `npm pack` once per test process (its prepack step builds
 * dist/), then installs of the tarball into fresh folders outside the repository.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scratchDir } from '../support/scratch';

export const REPO = resolve(import.meta.dirname, '../..');
let tarball: string | undefined;

export function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
}

const INSTALL = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

/** The packed tarball's path (packed on first use). */
export function packedTarball(): string {
  if (!tarball) {
    const dir = scratchDir('pack');
    npm(['pack', '--silent', '--pack-destination', dir], REPO);
    const name = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!name) throw new Error(`npm pack wrote no tarball into ${dir}`);
    tarball = join(dir, name);
  }
  return tarball;
}

/** An empty folder with nothing but the tarball installed, as a library user has it. */
export function installIntoEmptyFolder(): string {
  const dir = scratchDir('user');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user-app', private: true, type: 'module' }));
  npm([...INSTALL, packedTarball()], dir);
  return dir;
}

/** examples/embed copied out of the repository, with the tarball as its d2ace-webgpu. */
export function installEmbedExample(): string {
  const dir = scratchDir('embed');
  cpSync(join(REPO, 'examples/embed'), dir, { recursive: true, filter: (src) => !/node_modules|[/\\]dist$/.test(src) });
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  manifest.dependencies['d2ace-webgpu'] = `file:${packedTarball()}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  npm(INSTALL, dir);
  return dir;
}
