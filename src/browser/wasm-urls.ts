/**
 * Where this page serves tfjs's WebAssembly binaries: Vite gives each its URL, so the CPU
 * runtime finds them wherever the bundle puts them (tfjs looks beside its own script otherwise).
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { CpuRuntimeOptions } from '../cpu/runtime';

export const PAGE_WASM_PATHS: NonNullable<CpuRuntimeOptions['wasmPaths']> = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
};
