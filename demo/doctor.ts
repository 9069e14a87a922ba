/** The WebGPU status section: what the doctor found (adapter, features, tfjs, kernel self-check). */
import { escapeHtml, type DoctorReport } from 'd2ace-webgpu';

const LIMITS = ['maxStorageBufferBindingSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupsPerDimension'];

const row = (label: string, value: string, cls = '') => `<tr><th>${escapeHtml(label)}</th><td class="${cls}">${escapeHtml(value)}</td></tr>`;

export function renderDoctor(table: HTMLTableElement, report: DoctorReport): void {
  const a = report.adapter;
  table.tBodies[0]!.innerHTML = [
    row('Browser', report.host),
    row('Adapter', `${[a.vendor, a.architecture, a.device].filter(Boolean).join(' / ')}${a.software ? ' (software)' : ''}`),
    row('Features', report.features.join(', ')),
    row('tfjs', `${report.tfjs.version}, backend '${report.tfjs.backend}'${report.tfjs.sharesDevice ? ', on the shared device' : ''}`),
    row('Kernel self-check', `${report.selfCheck.kernel}: max |GPU - twin| = ${report.selfCheck.maxAbsError.toExponential(2)}`, report.selfCheck.ok ? 'ok' : 'bad'),
    ...LIMITS.map((k) => row(k, String(report.limits[k]))),
  ].join('');
  table.hidden = false;
}
