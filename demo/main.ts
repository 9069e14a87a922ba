/**
 * The demo page: brings up WebGPU with tfjs on the shared device and shows what it found; takes
 * the bundled yeast or the user's ARFF + labels XML; trains the ticked methods (from the
 * registry) one after another on the same data, charting validation AUC, loss and each method's
 * selector internals live; can stop early; ends with a results table and its CSV.
 * Everything comes from the package's public entry, as an app would use it.
 */
import { describeCpuRuntime, doctorReport, escapeHtml, onWebGpu, openTrainingRuntime, resolveTrainConfig, SELECTION_METHODS, trainRun, type TrainConfig, type TrainingRuntime } from 'd2ace-webgpu';
import { PAGE_WASM_PATHS } from '../src/browser/wasm-urls';
import { LiveCharts } from './charts';
import { bundledYeast, preparedUpload, type DemoDataset } from './dataset';
import { byId } from './dom';
import { renderDoctor } from './doctor';
import { downloadCsv, renderResults, type ResultRow } from './results';
import { parseUpload } from './upload';

const status = byId<HTMLParagraphElement>('status');
const dataForm = byId<HTMLFormElement>('data');
const arffInput = byId<HTMLInputElement>('arff-file');
const xmlInput = byId<HTMLInputElement>('xml-file');
const dataError = byId<HTMLParagraphElement>('data-error');
const dataSummary = byId<HTMLParagraphElement>('data-summary');
const form = byId<HTMLFormElement>('train');
const trainButton = byId<HTMLButtonElement>('train-button');
const stopButton = byId<HTMLButtonElement>('stop-button');
const trainStatus = byId<HTMLParagraphElement>('train-status');
const notes = byId<HTMLUListElement>('notes');
const resultsTable = byId<HTMLTableElement>('results');
const csvButton = byId<HTMLButtonElement>('download-csv');

/** One checkbox per registered method (never a list of names here); D2ACE and uniform ticked. */
for (const method of SELECTION_METHODS) {
  const label = document.createElement('label');
  label.title = method.summary;
  label.innerHTML = `<input type="checkbox" name="methods" value="${escapeHtml(method.name)}"${method.name === 'd2ace' || method.name === 'uniform' ? ' checked' : ''} /> ${escapeHtml(method.name)}`;
  byId('methods').appendChild(label);
}

// ---- data -------------------------------------------------------------------------------------

let yeast: Promise<DemoDataset> | undefined;
let upload: DemoDataset | undefined;

// Read the ticked radio itself: FormData leaves out disabled inputs, and training disables them.
const source = () => dataForm.querySelector<HTMLInputElement>('input[name=source]:checked')?.value ?? 'yeast';

function showDataError(message: string | undefined): void {
  dataError.textContent = message ?? '';
  dataError.hidden = message === undefined;
}

/** Parses the chosen files as soon as they change, so a broken file is reported before training. */
async function readUpload(): Promise<void> {
  upload = undefined;
  dataForm.querySelector<HTMLInputElement>('input[value=upload]')!.checked = true;
  const arff = arffInput.files?.[0];
  if (!arff) {
    showDataError(undefined);
    dataSummary.textContent = 'Choose an ARFF file, and its labels XML unless it is a MEKA file (-C n in @relation).';
    return;
  }
  dataSummary.textContent = `Reading ${arff.name}...`;
  try {
    const parsed = await parseUpload(arff, xmlInput.files?.[0]);
    upload = preparedUpload(parsed.dataset, parsed.labelSource);
    showDataError(undefined);
    dataSummary.textContent = upload.description;
  } catch (error) {
    // DataFormatError's message is "file:line: problem"; protocol errors say what is left.
    showDataError((error as Error).message);
    dataSummary.textContent = '';
  }
}

async function showSource(): Promise<void> {
  if (source() === 'upload') return readUpload();
  showDataError(undefined);
  try {
    dataSummary.textContent = (await (yeast ??= bundledYeast())).description;
  } catch (error) {
    yeast = undefined;
    showDataError((error as Error).message);
  }
}

async function chosenDataset(): Promise<DemoDataset> {
  if (source() === 'yeast') return (yeast ??= bundledYeast());
  if (!upload) throw new Error('No usable upload: choose an ARFF file (and its labels XML) under Data.');
  return upload;
}

arffInput.addEventListener('change', () => void readUpload());
xmlInput.addEventListener('change', () => void readUpload());
dataForm.addEventListener('change', (event) => {
  if ((event.target as HTMLInputElement).name === 'source') void showSource();
});

// ---- training ---------------------------------------------------------------------------------

let charts: LiveCharts | undefined;
let rows: ResultRow[] = [];
let signal: { aborted: boolean } | undefined;

function note(text: string): void {
  if ([...notes.children].some((li) => li.textContent === text)) return;
  notes.appendChild(Object.assign(document.createElement('li'), { textContent: text }));
}

/** A new model's learning rate defaults to its recipe's (the MLP's and CLIF's differ 30x). */
const modelSelect = form.querySelector<HTMLSelectElement>('select[name=model]')!;
modelSelect.addEventListener('change', () => {
  form.querySelector<HTMLInputElement>('input[name=lr]')!.value = String(resolveTrainConfig({ model: modelSelect.value as TrainConfig['model'] }).lr);
});

function setBusy(busy: boolean): void {
  trainButton.disabled = busy;
  stopButton.disabled = !busy;
  for (const input of dataForm.querySelectorAll('input')) input.disabled = busy;
  csvButton.hidden = busy || rows.length === 0;
}

async function train(rt: TrainingRuntime): Promise<void> {
  const values = new FormData(form);
  const methods = values.getAll('methods').map(String);
  if (methods.length === 0) throw new Error('Tick at least one method.');
  const model = String(values.get('model')) as TrainConfig['model'];
  const hidden = Number(values.get('hidden'));
  const epochs = Number(values.get('epochs'));
  const lr = Number(values.get('lr'));
  trainStatus.textContent = 'Loading the data...';
  const { prepared } = await chosenDataset();
  const name = prepared.data.name;
  let batch = Number(values.get('batch'));
  if (batch > prepared.train.length) {
    note(`batch ${batch} is larger than the ${prepared.train.length} training rows: using ${prepared.train.length}`);
    batch = prepared.train.length;
  }
  // Validate every method's config before the first run starts, so a typo costs no training.
  const configs = methods.map((method) => resolveTrainConfig({ method, model, epochs, lr, batch, hidden, mlpWidths: [hidden], runtime: 'browser' }));
  charts?.destroy();
  charts = new LiveCharts(byId('charts'), methods, epochs, prepared.data.labelNames);
  const run = (signal = { aborted: false });
  for (const [i, config] of configs.entries()) {
    if (run.aborted) break;
    const method = config.method;
    trainStatus.textContent = `${method} (${i + 1}/${configs.length}): setting up...`;
    const outcome = await trainRun(rt, prepared, config, {
      signal: run,
      warn: (message) => note(message.startsWith(`${method}:`) ? message : `${method}: ${message}`),
      onEpoch: (record, total) => {
        charts!.push(method, record);
        if (!run.aborted) trainStatus.textContent = `${method} (${i + 1}/${configs.length}): epoch ${record.epoch + 1}/${total}, validation macro-AUC ${record.validation.macro_auc.toFixed(4)}`;
      },
    });
    rows.push({ dataset: name, model, outcome });
    renderResults(resultsTable, rows);
  }
  const stopped = rows.find((r) => r.outcome.status === 'interrupted');
  trainStatus.textContent = stopped
    ? `Stopped: ${stopped.outcome.selection.method} after ${stopped.outcome.history.length} of ${epochs} epochs (no test metrics for a stopped run); ${configs.length - rows.length} method(s) not run.`
    : `Done: ${model} on ${name}, ${epochs} epochs, ${rows.length} method(s) (test metrics at the best-validation epoch).`;
}

function start(rt: TrainingRuntime): void {
  rows = [];
  renderResults(resultsTable, rows);
  notes.replaceChildren();
  trainStatus.className = '';
  setBusy(true);
  train(rt)
    .catch((error: Error) => {
      trainStatus.textContent = error.message;
      trainStatus.className = 'bad';
    })
    .finally(() => {
      signal = undefined;
      setBusy(false);
    });
}

// The trainer checks the flag between steps and returns what it has: the page stays usable.
stopButton.addEventListener('click', () => {
  if (!signal) return;
  signal.aborted = true;
  stopButton.disabled = true;
  trainStatus.textContent = 'Stopping after the current step...';
});

csvButton.addEventListener('click', () => downloadCsv(rows));

// ---- start-up ---------------------------------------------------------------------------------

void showSource();
try {
  // WebGPU where the browser has an adapter; the CPU runtime (tfjs wasm, the twins) where not.
  const { rt, choice } = await openTrainingRuntime('webgpu-if-any', { cpu: { wasmPaths: PAGE_WASM_PATHS } });
  if (onWebGpu(rt)) {
    const report = await doctorReport(rt);
    status.textContent = report.selfCheck.ok ? 'WebGPU is ready.' : 'WebGPU is up, but the kernel self-check failed.';
    status.className = report.selfCheck.ok ? 'ok' : 'bad';
    renderDoctor(byId<HTMLTableElement>('report'), report);
  } else {
    const fallback = rt.fallback ? ` ${rt.fallback}.` : '';
    status.textContent = `No WebGPU here: training runs on the CPU, on ${describeCpuRuntime(rt)}, with each method's TypeScript twin selecting the batches. Why: ${choice.reason}.${fallback}`;
    status.className = 'ok';
  }
  trainButton.disabled = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    start(rt);
  });
} catch (error) {
  status.textContent = (error as Error).message;
  status.className = 'bad';
}
