/**
 * WebGPU in Node through Dawn (the `webgpu` npm package) on a Vulkan driver. On machines
 * without a GPU the driver is SwiftShader, which Debian's `chromium` package ships.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingWebGpuError, type GpuProvider, type ProviderOptions } from './context';

export type { ProviderOptions };

/** The runtime this provider serves (a device the app hands over is reported as such). */
export const PROVIDER_RUNTIME = 'node' as const;

/** Where Chromium builds keep their SwiftShader Vulkan ICD. */
export const SWIFTSHADER_ICDS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib64/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/opt/google/chrome/vk_swiftshader_icd.json',
];

const SYSTEM = 'system';

function hasGpuDeviceNode(): boolean {
  try {
    if (readdirSync('/dev/dri').some((name) => name.startsWith('renderD'))) return true;
  } catch {
    /* no /dev/dri */
  }
  return existsSync('/dev/nvidia0') || existsSync('/dev/nvidiactl');
}

/** Vulkan drivers to try, in order. Each is an ICD json path or 'system'. */
export function vulkanCandidates(options: ProviderOptions, env: NodeJS.ProcessEnv = process.env): string[] {
  const explicit = options.vulkanIcd ?? env['D2ACE_VK_ICD'];
  if (explicit) return [explicit];
  if (env['VK_ICD_FILENAMES'] || env['VK_DRIVER_FILES']) return [SYSTEM];
  const swiftshader = SWIFTSHADER_ICDS.filter((path) => existsSync(path));
  // A real GPU's driver first; SwiftShader next; the system's software drivers (which may be
  // too old for Dawn) last.
  return hasGpuDeviceNode() ? [SYSTEM, ...swiftshader] : [...swiftshader, SYSTEM];
}

/** A 0700 runtime directory silences a harmless Vulkan loader complaint. */
function ensureRuntimeDir(): void {
  if (process.env['XDG_RUNTIME_DIR']) return;
  const dir = join(tmpdir(), `d2ace-xdg-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env['XDG_RUNTIME_DIR'] = dir;
}

export async function defaultGpuProvider(options: ProviderOptions = {}): Promise<GpuProvider> {
  let dawn: typeof import('webgpu');
  try {
    dawn = await import('webgpu');
  } catch (error) {
    throw missingWebGpuError('node', `the 'webgpu' npm package (Dawn) could not be loaded: ${(error as Error).message}. Run npm ci.`);
  }
  ensureRuntimeDir();
  Object.assign(globalThis, dawn.globals);
  const tried: string[] = [];
  for (const candidate of vulkanCandidates(options)) {
    if (candidate !== SYSTEM) {
      if (!existsSync(candidate)) {
        tried.push(`${candidate} (file not found)`);
        continue;
      }
      process.env['VK_ICD_FILENAMES'] = candidate;
    }
    const gpu = dawn.create([]);
    const adapter = await gpu.requestAdapter();
    if (!adapter) {
      tried.push(candidate === SYSTEM ? 'the system Vulkan drivers' : candidate);
      continue;
    }
    // tfjs's webgpu backend looks for navigator.gpu when it is constructed.
    const holder = { gpu } as { gpu?: GPU };
    Object.defineProperty(globalThis, 'navigator', { value: holder, configurable: true, writable: true });
    const route = candidate === SYSTEM ? `Dawn on Vulkan (${process.env['VK_ICD_FILENAMES'] ?? 'system drivers'})` : `Dawn on Vulkan (${candidate})`;
    return {
      runtime: 'node',
      gpu,
      route,
      release: () => {
        // Dawn keeps the process alive while its GPU object is referenced.
        delete holder.gpu;
      },
    };
  }
  throw missingWebGpuError(
    'node',
    `no Vulkan adapter found (tried ${tried.join(', ') || 'nothing'}). ` +
      "Install Debian's 'chromium' (it ships the SwiftShader Vulkan driver) and 'libvulkan1' " +
      "(npm test and npm start do this), or point D2ACE_VK_ICD at a Vulkan ICD json.",
  );
}
