/** Runs a benchmark suite in Node (Dawn) or in headless Chromium (a runner-page job); Node only. */
import { doctorReport, type DoctorReport } from '../gpu/doctor';
import { createGpuRuntime, type GpuRuntime } from '../gpu/runtime';
import type { BrowserJobs } from '../browser/runner';

export async function runBenchmark<R extends { environment: DoctorReport }, O>(
  browser: boolean,
  options: O,
  inNode: (rt: GpuRuntime, options: O) => Promise<Omit<R, 'environment'>>,
  browserJob: keyof BrowserJobs,
): Promise<R> {
  if (!browser) {
    const rt = await createGpuRuntime();
    try {
      return { environment: await doctorReport(rt), ...(await inNode(rt, options)) } as R;
    } finally {
      rt.dispose();
    }
  }
  const { openBrowserSession } = await import('../node/browser-session');
  const session = await openBrowserSession();
  try {
    return (await session.page.evaluate(
      ([job, o]) => (globalThis as unknown as { d2ace: Record<string, (o: unknown) => Promise<unknown>> }).d2ace[job]!(o),
      [browserJob, options] as const,
    )) as R;
  } finally {
    await session.close();
  }
}
