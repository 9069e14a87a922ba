/**
 * The page the CLI drives in headless Chromium. It exposes jobs on `window.d2ace`; each job
 * brings up the GPU runtime in the page, runs, disposes it and returns plain JSON.
 */
import { withGpuRuntime } from '../gpu/runtime';
import { trainPageJobs } from '../experiment/page-train';
import { doctorReport, type DoctorReport } from '../gpu/doctor';
import { benchPageJobs } from '../bench/page-jobs';

const jobs = {
  ...trainPageJobs,
  doctor: (): Promise<DoctorReport> => withGpuRuntime(doctorReport),
  ...benchPageJobs,
};

export type BrowserJobs = typeof jobs;

Object.assign(globalThis, { d2ace: jobs, d2aceReady: true });
