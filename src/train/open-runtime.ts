/**
 * Which runtime a run trains on, and opening it. `auto` (the default) takes WebGPU where the
 * adapter is a hardware GPU and the CPU runtime where WebGPU is only software (SwiftShader,
 * lavapipe: a matrix product there runs 100 times slower than tfjs's wasm backend) or absent.
 * `webgpu` and `cpu` force one; `webgpu-if-any` (pages: the demo, the browser runtime) takes
 * WebGPU on any adapter and the CPU runtime only without one. Works in Node (Dawn) and in a page.
 */
import { defaultGpuProvider } from '#gpu-provider';
import { createCpuRuntime, describeCpuRuntime, type CpuRuntimeOptions } from '../cpu/runtime';
import { summarizeAdapterInfo, type AdapterSummary } from '../gpu/adapter-report';
import type { GpuProvider } from '../gpu/context';
import { createGpuRuntime } from '../gpu/runtime';
import type { TrainingRuntime } from './training-runtime';

export type RuntimeRequest = 'auto' | 'webgpu' | 'cpu' | 'webgpu-if-any';

/** What WebGPU offers here: an adapter (and how it was reached), or why there is none. */
export type AdapterProbe = { found: true; adapter: AdapterSummary; route: string } | { found: false; why: string };

export interface RuntimeChoice {
  kind: 'webgpu' | 'cpu';
  /** In words, for stderr and the result file. */
  reason: string;
}

function adapterName(a: AdapterSummary): string {
  return [a.vendor, a.architecture, a.device].filter(Boolean).join(' / ') || a.description || 'unnamed adapter';
}

/** auto's rule: WebGPU on a hardware adapter, the CPU runtime on a software one or none. */
export function chooseRuntime(probe: AdapterProbe): RuntimeChoice {
  if (!probe.found) return { kind: 'cpu', reason: `auto chose the CPU runtime: WebGPU is not available here (${probe.why})` };
  if (probe.adapter.software) {
    return {
      kind: 'cpu',
      reason: `auto chose the CPU runtime: WebGPU's adapter here is software (${adapterName(probe.adapter)}), many times slower than tfjs's wasm backend; --runtime node forces WebGPU`,
    };
  }
  return { kind: 'webgpu', reason: `auto chose WebGPU: the adapter is a hardware GPU (${adapterName(probe.adapter)})` };
}

/** Asks for an adapter (no device is made); a provider made here is released again, one given is the caller's. */
export async function probeWebGpu(provider?: GpuProvider): Promise<AdapterProbe> {
  let source: GpuProvider;
  try {
    source = provider ?? (await defaultGpuProvider());
  } catch (error) {
    return { found: false, why: (error as Error).message };
  }
  try {
    const adapter = await source.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { found: false, why: `${source.route} gave no adapter` };
    return { found: true, adapter: summarizeAdapterInfo(adapter.info), route: source.route };
  } catch (error) {
    return { found: false, why: `requestAdapter failed: ${(error as Error).message}` };
  } finally {
    if (!provider) source.release();
  }
}

let probedHere: Promise<AdapterProbe> | undefined;

/** The probe of this process's default WebGPU, made once (a sweep opens many runtimes). */
export function probeDefaultWebGpu(): Promise<AdapterProbe> {
  probedHere ??= probeWebGpu();
  return probedHere;
}

export interface OpenRuntimeOptions {
  /** A provider to probe and run on (tests use a fake one); default: this platform's WebGPU. */
  provider?: GpuProvider;
  cpu?: CpuRuntimeOptions;
}

export interface OpenedRuntime {
  rt: TrainingRuntime;
  /** Why this runtime (what was asked, or what the probe found), then what it runs on. */
  reason: string;
  /** Why this runtime alone, for a page that shows what it runs on beside it. */
  choice: RuntimeChoice;
}

/** The choice a request makes here (auto probes WebGPU; the others decide alone). */
export async function resolveRuntimeRequest(request: RuntimeRequest, provider?: GpuProvider): Promise<RuntimeChoice> {
  if (request === 'webgpu') return { kind: 'webgpu', reason: 'WebGPU, as asked (--runtime node)' };
  if (request === 'cpu') return { kind: 'cpu', reason: 'the CPU runtime, as asked (--runtime cpu)' };
  const probe = await (provider ? probeWebGpu(provider) : probeDefaultWebGpu());
  if (request === 'webgpu-if-any') {
    if (probe.found) return { kind: 'webgpu', reason: `WebGPU: an adapter is available (${adapterName(probe.adapter)}${probe.adapter.software ? ', software' : ''})` };
    return { kind: 'cpu', reason: `WebGPU is not available here (${probe.why})` };
  }
  return chooseRuntime(probe);
}

/** Opens the runtime a request resolves to; the caller disposes `rt`. */
export async function openTrainingRuntime(request: RuntimeRequest, options: OpenRuntimeOptions = {}): Promise<OpenedRuntime> {
  const choice = await resolveRuntimeRequest(request, options.provider);
  if (choice.kind === 'webgpu') return { rt: await createGpuRuntime(options.provider ? { provider: options.provider } : {}), reason: choice.reason, choice };
  const rt = await createCpuRuntime(options.cpu);
  const reason = `${choice.reason}; ${describeCpuRuntime(rt)}${rt.fallback ? ` (${rt.fallback})` : ''}`;
  return { rt, reason, choice };
}
