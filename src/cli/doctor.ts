/**
 * `d2ace doctor`: the WebGPU runtime as the project sees it, in Node or in headless Chromium;
 * in Node also which runtime `--runtime auto` picks here and the measured time of one MLP
 * training step on WebGPU and on the CPU runtime.
 */
import type { DoctorReport } from '../gpu/doctor';
import { doctorReport, formatDoctorReport } from '../gpu/doctor';
import { createGpuRuntime, withGpuRuntime } from '../gpu/runtime';
import { benchmarkBackbones, DEFAULT_BACKBONE_BENCH } from '../bench/backbones';
import { withCpuRuntime } from '../cpu/runtime';
import { resolveRuntimeRequest } from '../train/open-runtime';
import type { BrowserJobs } from '../browser/runner';

export interface DoctorOptions {
  browser?: boolean;
  json?: boolean;
}

async function nodeDoctor(): Promise<DoctorReport> {
  const rt = await createGpuRuntime();
  try {
    return await doctorReport(rt);
  } finally {
    rt.dispose();
  }
}

async function browserDoctor(): Promise<DoctorReport> {
  const { openBrowserSession } = await import('../node/browser-session');
  const session = await openBrowserSession();
  try {
    return await session.page.evaluate(() => (globalThis as unknown as { d2ace: BrowserJobs }).d2ace.doctor());
  } catch (error) {
    const log = session.console.slice(-20).join('\n  ');
    throw new Error(`${(error as Error).message}${log ? `\npage console:\n  ${log}` : ''}`);
  } finally {
    await session.close();
  }
}

/** auto's choice here, and one MLP step (yeast shape, batch 128, width 128) timed on each runtime. */
export interface AutoChoiceReport {
  picks: 'webgpu' | 'cpu';
  reason: string;
  msPerStep: { webgpu: number; cpu: number };
  /** WebGPU's time over the CPU runtime's: above 1, the CPU runtime is that many times faster. */
  webgpuOverCpu: number;
}

async function autoChoice(): Promise<AutoChoiceReport> {
  const options = { ...DEFAULT_BACKBONE_BENCH, models: ['mlp' as const], shapes: ['yeast' as const], mlpWidths: [128], warmupSteps: 2, steps: 5 };
  const choice = await resolveRuntimeRequest('auto');
  const onWebGpu = await withGpuRuntime((rt) => benchmarkBackbones(rt, options));
  const onCpu = await withCpuRuntime((rt) => benchmarkBackbones(rt, options));
  const webgpu = onWebGpu[0]!.msPerStep;
  const cpu = onCpu[0]!.msPerStep;
  return { picks: choice.kind, reason: choice.reason, msPerStep: { webgpu, cpu }, webgpuOverCpu: +(webgpu / cpu).toPrecision(3) };
}

function formatAutoChoice(a: AutoChoiceReport): string {
  return [
    `auto         ${a.reason}`,
    `step ratio   one MLP training step (yeast shape, batch 128): WebGPU ${a.msPerStep.webgpu} ms, CPU runtime ${a.msPerStep.cpu} ms (${a.webgpuOverCpu >= 1 ? `the CPU runtime ${a.webgpuOverCpu}x faster` : `WebGPU ${+(1 / a.webgpuOverCpu).toPrecision(3)}x faster`})`,
  ].join('\n');
}

export async function runDoctor(options: DoctorOptions, out: (text: string) => void): Promise<number> {
  const report = options.browser ? await browserDoctor() : await nodeDoctor();
  const auto = options.browser ? undefined : await autoChoice();
  if (options.json) out(JSON.stringify(auto ? { ...report, auto } : report, null, 2));
  else out(auto ? `${formatDoctorReport(report)}\n${formatAutoChoice(auto)}` : formatDoctorReport(report));
  return report.selfCheck.ok && report.tfjs.sharesDevice ? 0 : 1;
}
