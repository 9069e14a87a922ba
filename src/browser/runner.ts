/**
 * The page the CLI drives in headless Chromium. It exposes jobs on `window.d2ace`; each job
 * brings up the GPU runtime in the page, runs, disposes it and returns plain JSON.
 */
import { createGpuRuntime } from '../gpu/runtime';
import { doctorReport, type DoctorReport } from '../gpu/doctor';

const jobs = {
  async doctor(): Promise<DoctorReport> {
    const rt = await createGpuRuntime();
    try {
      return await doctorReport(rt);
    } finally {
      rt.dispose();
    }
  },
};

export type BrowserJobs = typeof jobs;

Object.assign(globalThis, { d2ace: jobs, d2aceReady: true });
