/** The browser's own WebGPU (`navigator.gpu`). */
import { missingWebGpuError, type GpuProvider, type ProviderOptions } from './context';

export type { ProviderOptions };

/** The runtime this provider serves (a device the app hands over is reported as such). */
export const PROVIDER_RUNTIME = 'browser' as const;

export async function defaultGpuProvider(_options: ProviderOptions = {}): Promise<GpuProvider> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) {
    const insecure = typeof isSecureContext !== 'undefined' && !isSecureContext;
    throw missingWebGpuError(
      'browser',
      insecure
        ? 'the page is not a secure context; serve it from https:// or http://127.0.0.1 / http://localhost.'
        : 'navigator.gpu is missing. Use Chrome or Chromium 113+; on Linux, and in headless Chromium, start it with --enable-unsafe-webgpu.',
    );
  }
  return { runtime: 'browser', gpu, route: 'navigator.gpu', release: () => undefined };
}
