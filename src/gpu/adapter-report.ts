/** Plain-object snapshots of adapter info, features and limits (GPU objects expose getters only). */

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for CPU implementations such as SwiftShader or lavapipe. */
  software: boolean;
}

const SOFTWARE_HINTS = /swiftshader|lavapipe|llvmpipe|software|warp/i;

export function summarizeAdapterInfo(info: GPUAdapterInfo | undefined): AdapterSummary {
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const device = info?.device ?? '';
  const description = info?.description ?? '';
  const software = SOFTWARE_HINTS.test(`${vendor} ${architecture} ${device} ${description}`);
  return { vendor, architecture, device, description, software };
}

/** Every numeric limit, read through the prototype's getters (own keys are empty in Dawn and Chromium). */
export function limitsToObject(limits: GPUSupportedLimits): Record<string, number> {
  const names = new Set<string>(Object.keys(limits));
  for (let proto = Object.getPrototypeOf(limits); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
  }
  const out: Record<string, number> = {};
  for (const name of [...names].sort()) {
    const value = (limits as unknown as Record<string, unknown>)[name];
    if (typeof value === 'number') out[name] = value;
  }
  return out;
}

export function featuresToList(features: GPUSupportedFeatures): string[] {
  return [...features].sort();
}
