/**
 * The page the CLI drives in headless Chromium. It exposes jobs on `window.d2ace`; each job
 * brings up its runtime in the page (WebGPU, or the CPU runtime for training where WebGPU is
 * absent or software), runs, disposes it and returns plain JSON.
 */
import { withGpuRuntime } from '../gpu/runtime';
import { createTrainPageJobs } from '../experiment/page-train';
import { PAGE_WASM_PATHS } from './wasm-urls';
import { doctorReport, type DoctorReport } from '../gpu/doctor';
import { benchPageJobs } from '../bench/page-jobs';

const jobs = {
  ...createTrainPageJobs({ wasmPaths: PAGE_WASM_PATHS }),
  doctor: (): Promise<DoctorReport> => withGpuRuntime(doctorReport),
  ...benchPageJobs,
};

export type BrowserJobs = typeof jobs;

Object.assign(globalThis, { d2ace: jobs, d2aceReady: true });
