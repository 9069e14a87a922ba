#!/usr/bin/env node
// Makes a fresh machine ready for `npm start` and `npm test`, and does nothing when it is:
// 1. Debian packages: chromium (the browser, and the SwiftShader Vulkan driver that Dawn
//    uses in Node) and libvulkan1 (the Vulkan loader Dawn opens).
// 2. node_modules: `npm ci` when missing or when package-lock.json changed since the last install.
// Plain JavaScript with no dependencies: it runs before node_modules exists.
// D2ACE_SKIP_SYSTEM_SETUP=1 skips step 1 (for machines managed another way).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);

function fail(msg) {
  log(`error: ${msg}`);
  process.exit(1);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) fail(`Node.js >= 20.19 is required, found ${process.versions.node}`);
}

function hasVulkanLoader() {
  try {
    return execFileSync('/sbin/ldconfig', ['-p'], { encoding: 'utf8' }).includes('libvulkan.so.1');
  } catch {
    return ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1'].some(existsSync);
  }
}

function missingSystemPackages() {
  const missing = [];
  const chromium = process.env.D2ACE_CHROMIUM || '/usr/lib/chromium/chromium';
  if (!existsSync(chromium) || !existsSync('/usr/lib/chromium/vk_swiftshader_icd.json')) missing.push('chromium');
  if (!hasVulkanLoader()) missing.push('libvulkan1');
  return missing;
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  return result.status === 0;
}

function ensureSystemPackages() {
  if (process.env.D2ACE_SKIP_SYSTEM_SETUP === '1') return;
  const missing = missingSystemPackages();
  if (missing.length === 0) return;
  const canApt = existsSync('/usr/bin/apt-get');
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && existsSync('/usr/bin/sudo') && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (!canApt || (!isRoot && !sudo)) {
    fail(
      `missing system packages: ${missing.join(' ')}. Install them (Debian/Ubuntu: apt-get install ${missing.join(' ')}), ` +
        'or set D2ACE_CHROMIUM / D2ACE_VK_ICD to an existing Chromium and Vulkan driver and D2ACE_SKIP_SYSTEM_SETUP=1.',
    );
  }
  const prefix = isRoot ? [] : ['sudo', '-n'];
  const apt = (...args) => (prefix.length ? run(prefix[0], [...prefix.slice(1), 'apt-get', ...args]) : run('apt-get', args));
  log(`installing ${missing.join(' ')} with apt-get`);
  process.env.DEBIAN_FRONTEND = 'noninteractive';
  if (!apt('update', '-q') || !apt('install', '-y', '-q', '--no-install-recommends', ...missing)) {
    fail(`apt-get could not install ${missing.join(' ')}`);
  }
  const still = missingSystemPackages();
  if (still.length) fail(`still missing after apt-get: ${still.join(' ')}`);
}

function ensureNodeModules() {
  // npm keeps a copy of the lock it installed at node_modules/.package-lock.json; a newer
  // package-lock.json (a pull, a dependency change) means node_modules is stale.
  const lock = statSync(join(root, 'package-lock.json'));
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= lock.mtimeMs) return;
  log(existsSync(join(root, 'node_modules')) ? 'package-lock.json is newer than node_modules: running npm ci' : 'running npm ci');
  if (!run('npm', ['ci', '--no-audit', '--no-fund'])) fail('npm ci failed');
}

checkNode();
ensureSystemPackages();
ensureNodeModules();
