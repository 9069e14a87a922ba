/** The demo page: brings up WebGPU with tfjs on the shared device and shows what it found. */
import { createGpuRuntime } from '../src/gpu/runtime';
import { doctorReport, type DoctorReport } from '../src/gpu/doctor';

const status = document.querySelector<HTMLParagraphElement>('#status')!;
const table = document.querySelector<HTMLTableElement>('#report')!;

function row(label: string, value: string, cls = ''): string {
  const escape = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  return `<tr><th>${escape(label)}</th><td class="${cls}">${escape(value)}</td></tr>`;
}

function render(report: DoctorReport): void {
  const a = report.adapter;
  const limits = ['maxStorageBufferBindingSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupsPerDimension'];
  table.tBodies[0]!.innerHTML = [
    row('Browser', report.host),
    row('Adapter', `${[a.vendor, a.architecture, a.device].filter(Boolean).join(' / ')}${a.software ? ' (software)' : ''}`),
    row('Features', report.features.join(', ')),
    row('tfjs', `${report.tfjs.version}, backend '${report.tfjs.backend}'${report.tfjs.sharesDevice ? ', on the shared device' : ''}`),
    row('Kernel self-check', `${report.selfCheck.kernel}: max |GPU - twin| = ${report.selfCheck.maxAbsError.toExponential(2)}`, report.selfCheck.ok ? 'ok' : 'bad'),
    ...limits.map((k) => row(k, String(report.limits[k]))),
  ].join('');
  table.hidden = false;
}

try {
  const rt = await createGpuRuntime();
  const report = await doctorReport(rt);
  rt.dispose();
  status.textContent = report.selfCheck.ok ? 'WebGPU is ready.' : 'WebGPU is up, but the kernel self-check failed.';
  status.className = report.selfCheck.ok ? 'ok' : 'bad';
  render(report);
} catch (error) {
  status.textContent = (error as Error).message;
  status.className = 'bad';
}
