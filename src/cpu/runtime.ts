/**
 * src/cpu: the CPU runtime, for machines and browsers where WebGPU is absent or only software.
 * The model runs on tfjs's WebAssembly backend (`@tensorflow/tfjs-backend-wasm`, an optional
 * peer; tfjs's plain `cpu` backend only when WebAssembly cannot start) and each method's
 * TypeScript twin selects the batches. Browser-safe: this folder imports tfjs only.
 *
 * The same trainer, recipes, result files and reports serve both runtimes; a run's dropout
 * masks and batches come from the same counter-based generator on either (models/dropout.ts).
 */
import * as tf from '@tensorflow/tfjs';

export type CpuBackendName = 'wasm' | 'cpu';

export interface CpuRuntime {
  readonly kind: 'cpu';
  /** tfjs's active backend: 'wasm', or 'cpu' when WebAssembly could not start (see `fallback`). */
  readonly tfjsBackend: CpuBackendName;
  /** Whether the WebAssembly build in use has SIMD (false on the 'cpu' backend). */
  readonly simd: boolean;
  /** WebAssembly threads in use (1 without cross-origin isolation, and in Node). */
  readonly threads: number;
  /** Why the 'wasm' backend is not in use, when it is not. */
  readonly fallback?: string;
  /** Where the runtime runs. */
  readonly host: 'node' | 'browser';
  readonly tfjsVersion: string;
  dispose(): void;
}

export interface CpuRuntimeOptions {
  /**
   * Where the .wasm files are served (browsers: bundlers move them). A folder URL ending in '/',
   * or one URL per file name; see tfjs-backend-wasm's setWasmPaths. Node finds them itself.
   */
  wasmPaths?: string | Partial<Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>>;
  /** WebAssembly threads wanted where the platform allows them (default: the machine's cores, at most 8). */
  threads?: number;
}

const WASM = 'wasm';

function hostName(): 'node' | 'browser' {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string' &&
    typeof (globalThis as { window?: unknown }).window === 'undefined'
    ? 'node'
    : 'browser';
}

function coreCount(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, Math.min(8, cores ?? 1));
}

/** Starts tfjs's wasm backend (registering it on first use); throws with tfjs's reason when it cannot. */
async function startWasm(options: CpuRuntimeOptions): Promise<{ simd: boolean; threads: number }> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (!tf.engine().registry[WASM]) {
    if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths as never);
    wasm.setThreadsCount(options.threads ?? coreCount());
  }
  if (!(await tf.setBackend(WASM))) throw new Error("tfjs could not initialise its 'wasm' backend");
  await tf.ready();
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threaded = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  return { simd, threads: threaded ? wasm.getThreadsCount() : 1 };
}

/**
 * Makes tfjs's wasm backend the active one (tfjs's 'cpu' backend when WebAssembly fails, with
 * the reason in `fallback`). Tensors made before the switch stay on their old backend.
 */
export async function createCpuRuntime(options: CpuRuntimeOptions = {}): Promise<CpuRuntime> {
  const host = hostName();
  const base = { kind: 'cpu' as const, host, tfjsVersion: tf.version_core, dispose: () => undefined };
  try {
    const { simd, threads } = await startWasm(options);
    return { ...base, tfjsBackend: 'wasm', simd, threads };
  } catch (error) {
    const fallback = `tfjs's WebAssembly backend did not start (${(error as Error).message}); running on tfjs's plain JavaScript 'cpu' backend, which is many times slower`;
    if (!(await tf.setBackend('cpu'))) throw new Error(`the CPU runtime could not start: ${fallback}`);
    await tf.ready();
    return { ...base, tfjsBackend: 'cpu', simd: false, threads: 1, fallback };
  }
}

/** Runs `job` on the CPU runtime (benchmarks, doctor). */
export async function withCpuRuntime<T>(job: (rt: CpuRuntime) => Promise<T>, options: CpuRuntimeOptions = {}): Promise<T> {
  const rt = await createCpuRuntime(options);
  try {
    return await job(rt);
  } finally {
    rt.dispose();
  }
}

/** One line for logs and reports: "tfjs wasm (SIMD, 1 thread)". */
export function describeCpuRuntime(rt: Pick<CpuRuntime, 'tfjsBackend' | 'simd' | 'threads'>): string {
  if (rt.tfjsBackend === 'cpu') return "tfjs cpu (plain JavaScript)";
  return `tfjs wasm (${rt.simd ? 'SIMD' : 'no SIMD'}, ${rt.threads} thread${rt.threads === 1 ? '' : 's'})`;
}
