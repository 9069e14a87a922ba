/**
 * What the trainer runs on: the WebGPU runtime (tfjs webgpu + our WGSL kernels on one device)
 * or the CPU runtime (tfjs wasm + each method's TypeScript twin). The few places where they
 * differ (synchronising, counting readbacks, live GPU buffers) ask here.
 */
import type { CpuRuntime } from '../cpu/runtime';
import type { ReadbackCounts } from '../gpu/readbacks';
import type { GpuRuntime } from '../gpu/runtime';
import type { SelectorBackend } from '../selection/method';

export type TrainingRuntime = GpuRuntime | CpuRuntime;

export function onWebGpu(rt: TrainingRuntime): rt is GpuRuntime {
  return rt.kind === 'webgpu';
}

/** Waits for queued GPU work and throws any GPU error; the CPU runtime has nothing queued. */
export async function settle(rt: TrainingRuntime): Promise<void> {
  if (onWebGpu(rt)) await rt.ctx.sync();
}

/** GPU-to-CPU transfers so far, or null on the CPU runtime, where they do not apply. */
export function readbacksSoFar(rt: TrainingRuntime): ReadbackCounts | null {
  return onWebGpu(rt) ? rt.ctx.readbacks.snapshot() : null;
}

/** The selector backend a run gets: the twin on the CPU runtime, whatever the config says. */
export function selectorBackendOn(rt: TrainingRuntime, asked: SelectorBackend): SelectorBackend {
  return onWebGpu(rt) ? asked : 'cpu';
}

/**
 * Lets timers, signals and input events run (a macrotask turn). The CPU runtime never waits on
 * a GPU, so without this a whole run is one chain of microtasks and Ctrl-C, the page's Stop
 * button and its repaints would wait for the end. setImmediate in Node; a MessageChannel in
 * browsers (setTimeout(0) is clamped to 4 ms there).
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (immediate) return new Promise((resolve) => immediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
