/**
 * What `d2ace doctor` reports about a runtime: where WebGPU came from, the adapter, its
 * features and limits, the tfjs backend on it, and a kernel self-check against its twin.
 */
import * as tf from '@tensorflow/tfjs';
import { columnStatsKernel } from './self-check/kernels';
import { columnStatsReference } from './self-check/reference';
import type { AdapterSummary } from './adapter-report';
import { readBuffer } from './buffers';
import type { Runtime } from './context';
import type { GpuRuntime } from './runtime';
import { tfjsVersion } from './tfjs-binding';

export interface DoctorReport {
  runtime: Runtime;
  /** Node version or browser user agent. */
  host: string;
  route: string;
  adapter: AdapterSummary;
  features: string[];
  limits: Record<string, number>;
  tfjs: { version: string; backend: string; sharesDevice: boolean };
  selfCheck: { kernel: string; rows: number; cols: number; maxAbsError: number; ok: boolean };
}

function hostDescription(runtime: Runtime): string {
  if (runtime === 'node') return `Node.js ${globalThis.process?.version ?? '?'}`;
  return globalThis.navigator?.userAgent ?? 'browser';
}

/** Runs column_stats on seeded data and compares with the TypeScript twin. */
async function selfCheck(rt: GpuRuntime): Promise<DoctorReport['selfCheck']> {
  const rows = 1000;
  const cols = 7;
  const data = new Float32Array(rows * cols);
  let state = 12345;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    data[i] = state / 2 ** 32;
  }
  const { buffers } = rt.ctx;
  const matrix = buffers.createWithData('doctor-matrix', data);
  const stats = buffers.createStorage('doctor-stats', 2 * cols * 4);
  try {
    await rt.kernels.load(columnStatsKernel);
    rt.kernels.dispatch(columnStatsKernel, { buffers: { matrix, stats }, params: { rows, cols } });
    const gpu = new Float32Array(await readBuffer(rt.ctx, stats));
    await rt.ctx.sync();
    const expected = columnStatsReference(data, rows, cols);
    const maxAbsError = Math.max(...Array.from(expected, (v, i) => Math.abs(v - gpu[i]!)));
    return { kernel: columnStatsKernel.name, rows, cols, maxAbsError, ok: maxAbsError < 1e-4 };
  } finally {
    buffers.destroy(matrix);
    buffers.destroy(stats);
  }
}

export async function doctorReport(rt: GpuRuntime): Promise<DoctorReport> {
  const { ctx } = rt;
  return {
    runtime: ctx.runtime,
    host: hostDescription(ctx.runtime),
    route: ctx.provider.route,
    adapter: ctx.adapterSummary,
    features: ctx.features,
    limits: ctx.limits,
    tfjs: {
      version: tfjsVersion(),
      backend: tf.getBackend(),
      sharesDevice: rt.backend.device === ctx.device,
    },
    selfCheck: await selfCheck(rt),
  };
}

const SHOWN_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeWorkgroupStorageSize',
  'maxStorageBuffersPerShaderStage',
];

export function formatDoctorReport(report: DoctorReport): string {
  const a = report.adapter;
  const lines = [
    `runtime      ${report.runtime} (${report.host})`,
    `webgpu       ${report.route}`,
    `adapter      ${[a.vendor, a.architecture, a.device].filter(Boolean).join(' / ') || 'unknown'}${a.description ? ` - ${a.description}` : ''}${a.software ? ' [software]' : ''}`,
    `features     ${report.features.join(', ') || 'none'}`,
    `tfjs         ${report.tfjs.version}, backend '${report.tfjs.backend}'${report.tfjs.sharesDevice ? ' on the shared device' : ' on ANOTHER device'}`,
    `self-check   ${report.selfCheck.kernel} ${report.selfCheck.rows}x${report.selfCheck.cols}: max |gpu - twin| = ${report.selfCheck.maxAbsError.toExponential(2)} ${report.selfCheck.ok ? 'ok' : 'FAILED'}`,
    'limits',
    ...SHOWN_LIMITS.filter((k) => k in report.limits).map((k) => `  ${k.padEnd(34)} ${report.limits[k]}`),
  ];
  return lines.join('\n');
}
