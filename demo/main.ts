/**
 * The demo page: brings up WebGPU with tfjs on the shared device, shows what it found, then
 * trains on the bundled yeast with D2ACE and/or uniform batches, plotting validation macro-AUC
 * and training loss live, and ends with the test metrics of the best-validation epoch.
 */
import Chart from 'chart.js/auto';
import { fetchArff } from '../src/data/browser-load';
import { prepareOfficial } from '../src/data/split-official';
import { doctorReport, type DoctorReport } from '../src/gpu/doctor';
import { createGpuRuntime, type GpuRuntime } from '../src/gpu/runtime';
import { METHOD_NAMES, SELECTION_METHODS, selectionMethod } from '../src/selection/registry';
import { resolveTrainConfig, type MethodName, type TrainConfig } from '../src/train/config';
import { trainRun } from '../src/train/trainer';

const status = document.querySelector<HTMLParagraphElement>('#status')!;
const table = document.querySelector<HTMLTableElement>('#report')!;
const form = document.querySelector<HTMLFormElement>('#train')!;
const trainStatus = document.querySelector<HTMLParagraphElement>('#train-status')!;
const results = document.querySelector<HTMLTableElement>('#results')!;

const escape = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
const row = (label: string, value: string, cls = '') => `<tr><th>${escape(label)}</th><td class="${cls}">${escape(value)}</td></tr>`;

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

function lineChart(canvas: string, title: string): Chart {
  return new Chart(document.getElementById(canvas) as HTMLCanvasElement, {
    type: 'line',
    data: { labels: [], datasets: [] },
    options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { title: { display: true, text: title } }, elements: { point: { radius: 0 } } },
  });
}

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];
const color = (method: string) => PALETTE[Math.max(0, METHOD_NAMES.indexOf(method)) % PALETTE.length]!;

/** One checkbox per registered method; D2ACE and uniform are ticked. */
function renderMethodChoices(): void {
  const box = form.querySelector<HTMLFieldSetElement>('#methods')!;
  for (const method of SELECTION_METHODS) {
    const label = document.createElement('label');
    label.title = method.summary;
    label.innerHTML = `<input type="checkbox" name="methods" value="${escape(method.name)}"${method.name === 'd2ace' || method.name === 'uniform' ? ' checked' : ''} /> ${escape(method.name)}`;
    box.appendChild(label);
  }
}
renderMethodChoices();

/** Short demo runs: methods with a warm-up get one of a fifth of the epochs (1..10). */
function demoOptions(method: MethodName, epochs: number): TrainConfig['methodOptions'] {
  const hasWarmup = selectionMethod(method).options.some((o) => o.key === 'warmupEpochs');
  return hasWarmup ? { [method]: { warmupEpochs: Math.min(10, Math.max(1, Math.floor(epochs / 5))) } } : {};
}

async function train(rt: GpuRuntime): Promise<void> {
  const values = new FormData(form);
  const methods = values.getAll('methods').map(String);
  if (methods.length === 0) throw new Error('Tick at least one method.');
  const model = String(values.get('model')) as TrainConfig['model'];
  const hidden = Number(values.get('hidden'));
  const epochs = Number(values.get('epochs'));
  const lr = Number(values.get('lr'));
  trainStatus.textContent = 'Loading yeast...';
  const [trainSet, testSet] = await Promise.all([
    fetchArff('/data/yeast/yeast-train.arff.gz', '/data/yeast/yeast.xml'),
    fetchArff('/data/yeast/yeast-test.arff.gz', '/data/yeast/yeast.xml'),
  ]);
  const prepared = prepareOfficial('yeast', trainSet, testSet);
  const auc = lineChart('auc', 'validation macro-AUC');
  const loss = lineChart('loss', 'training loss');
  const summaries: string[] = [];
  for (const method of methods) {
    const config: TrainConfig = resolveTrainConfig({ method, model, epochs, lr, hidden, mlpWidths: [hidden], runtime: 'browser', methodOptions: demoOptions(method, epochs) });
    for (const chart of [auc, loss]) {
      chart.data.labels = Array.from({ length: epochs }, (_, e) => e + 1);
      chart.data.datasets.push({ label: method, data: [], borderColor: color(method), borderWidth: 1.5 });
    }
    const outcome = await trainRun(rt, prepared, config, {
      onEpoch: (record) => {
        (auc.data.datasets.at(-1)!.data as number[]).push(record.validation.macro_auc);
        (loss.data.datasets.at(-1)!.data as number[]).push(record.trainLoss);
        auc.update();
        loss.update();
        trainStatus.textContent = `${method}: epoch ${record.epoch + 1}/${epochs}, validation macro-AUC ${record.validation.macro_auc.toFixed(4)}`;
      },
    });
    const t = outcome.test!.best;
    summaries.push(`<tr><td>${method}</td><td>${t.macro_auc.toFixed(4)}</td><td>${t.micro_f1.toFixed(4)}</td><td>${t.ranking_loss.toFixed(4)}</td><td>${outcome.readbacks.perStep}</td><td>${(outcome.timings.totalMs / 1000).toFixed(1)} s</td></tr>`);
  }
  results.tHead!.innerHTML = '<tr><th>method</th><th>test macro-AUC</th><th>test micro-F1</th><th>test ranking loss</th><th>readbacks / step</th><th>time</th></tr>';
  results.tBodies[0]!.innerHTML = summaries.join('');
  results.hidden = false;
  trainStatus.textContent = `Done: ${model} on yeast, ${epochs} epochs (test metrics at the best-validation epoch).`;
}

try {
  const rt = await createGpuRuntime();
  const report = await doctorReport(rt);
  status.textContent = report.selfCheck.ok ? 'WebGPU is ready.' : 'WebGPU is up, but the kernel self-check failed.';
  status.className = report.selfCheck.ok ? 'ok' : 'bad';
  render(report);
  const button = form.querySelector('button')!;
  button.disabled = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    train(rt)
      .catch((error: Error) => {
        trainStatus.textContent = error.message;
        trainStatus.className = 'bad';
      })
      .finally(() => (button.disabled = false));
  });
} catch (error) {
  status.textContent = (error as Error).message;
  status.className = 'bad';
}
