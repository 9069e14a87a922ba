/** `d2ace doctor`: the WebGPU runtime as the project sees it, in Node or in headless Chromium. */
import type { DoctorReport } from '../gpu/doctor';
import { doctorReport, formatDoctorReport } from '../gpu/doctor';
import { createGpuRuntime } from '../gpu/runtime';
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

export async function runDoctor(options: DoctorOptions, out: (text: string) => void): Promise<number> {
  const report = options.browser ? await browserDoctor() : await nodeDoctor();
  out(options.json ? JSON.stringify(report, null, 2) : formatDoctorReport(report));
  return report.selfCheck.ok && report.tfjs.sharesDevice ? 0 : 1;
}
