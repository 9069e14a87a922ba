/**
 * Runs a GPU benchmark job (page-jobs.ts) in Node on Dawn, or in headless Chromium on the
 * runner page, where the same job waits on `window.d2ace`; the backbone benchmark also on the
 * CPU runtime. Node only.
 */
import type { BenchJobName, BenchJobOptions, BenchJobResult, BenchPageJobs } from './page-jobs';
import type { BackboneBenchOptions } from './backbones';
import type { BenchResult, BenchRuntime } from './benchmark';

async function inBrowser(job: BenchJobName, options: unknown): Promise<BenchJobResult> {
  const { openBrowserSession } = await import('../node/browser-session');
  const session = await openBrowserSession();
  try {
    return await session.page.evaluate(
      ([name, o]) => ((globalThis as unknown as { d2ace: Record<string, (o: unknown) => Promise<BenchJobResult>> }).d2ace[name]!)(o),
      [job, options] as const,
    );
  } catch (error) {
    // The page's last console lines usually say why (a WGSL error, a lost device).
    const log = session.console.slice(-20).join('\n  ');
    throw new Error(`${(error as Error).message}${log ? `\npage console:\n  ${log}` : ''}`);
  } finally {
    await session.close();
  }
}

/** The backbone benchmark on the CPU runtime (tfjs wasm) in this process. */
export async function runCpuBackbones(options: BackboneBenchOptions): Promise<BenchResult> {
  const [{ withCpuRuntime, describeCpuRuntime }, { benchmarkBackbones }] = await Promise.all([import('../cpu/runtime'), import('./backbones')]);
  return withCpuRuntime(async (rt) => ({ runtime: 'cpu', adapter: null, rows: await benchmarkBackbones(rt, options), extra: { cpu: describeCpuRuntime(rt) } }));
}

export async function runBenchJob<J extends BenchJobName>(runtime: BenchRuntime, job: J, options: BenchJobOptions<J>): Promise<BenchResult> {
  let result: BenchJobResult;
  if (runtime === 'browser') {
    result = await inBrowser(job, options);
  } else {
    const { benchPageJobs } = await import('./page-jobs');
    result = await (benchPageJobs[job] as (o: BenchJobOptions<J>) => ReturnType<BenchPageJobs[J]>)(options);
  }
  const { environment, rows, ...extra } = result;
  return { runtime: environment.runtime, adapter: environment.adapter, rows, extra };
}
