/**
 * The live charts: validation macro-AUC and training loss for every method, then each selector
 * internals chart named by the methods' registry descriptors (`internals`), with series only for
 * the methods that declare it; vectors (per-label weights) are drawn as their mean over epochs
 * and, per label, at the latest epoch. Each chart's box carries `data-points`, the number of
 * values drawn, so a test can tell that the charts got data.
 */
import Chart from 'chart.js/auto';
import { inspectionNumber, inspectionValue, inspectionVector, METHOD_NAMES, selectionMethod, type EpochRecord } from 'd2ace-webgpu';

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];
const color = (method: string) => PALETTE[Math.max(0, METHOD_NAMES.indexOf(method)) % PALETTE.length]!;

type Point = number | null;

interface Series {
  method: string;
  /** Picks the series' value from an epoch record (a number, a vector, or nothing). */
  value: (record: EpochRecord) => unknown;
  dataset: { label: string; data: Point[] };
}

interface Panel {
  chart: Chart;
  box: HTMLElement;
  series: Series[];
}

interface Bars {
  method: string;
  label: string;
  data: number[];
  backgroundColor: string;
}

/** A number as it is, a vector as its mean (like the HTML report), anything else as a gap. */
function scalar(value: unknown): Point {
  const n = inspectionNumber(value, []);
  return n !== undefined && Number.isFinite(n) ? n : null;
}

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export class LiveCharts {
  private readonly panels: Panel[] = [];
  /** Per-label values at the latest epoch, created when a series first yields a vector. */
  private perLabel: { chart: Chart; box: HTMLElement; bars: Map<string, Bars> } | undefined;

  constructor(
    private readonly container: HTMLElement,
    methods: readonly string[],
    private readonly epochs: number,
    private readonly labelNames: readonly string[],
  ) {
    container.replaceChildren();
    this.panel('auc', 'validation macro-AUC', methods.map((m) => ({ method: m, label: m, value: (r) => r.validation.macro_auc })));
    this.panel('loss', 'training loss', methods.map((m) => ({ method: m, label: m, value: (r) => r.trainLoss })));
    // One panel per internals title; methods sharing a chart (the probability spread) share the panel.
    const byTitle = new Map<string, Array<{ method: string; label: string; path: readonly string[]; axis: 'left' | 'right' }>>();
    for (const method of methods) {
      for (const chart of selectionMethod(method).internals) {
        const list = byTitle.get(chart.title) ?? [];
        for (const s of chart.series) list.push({ method, label: s.label, path: s.path, axis: s.axis ?? 'left' });
        byTitle.set(chart.title, list);
      }
    }
    for (const [title, series] of byTitle) {
      const twoAxes = series.some((s) => s.axis === 'right');
      this.panel(
        `internal-${slug(title)}`,
        `${title} (selector internals)`,
        series.map((s) => ({ method: s.method, label: `${s.method}: ${s.label}`, value: (r) => inspectionValue(r.selector, s.path), axis: twoAxes ? s.axis : 'left' })),
      );
    }
  }

  /** Records one epoch of `method` in every panel that has a series for it. */
  push(method: string, record: EpochRecord): void {
    for (const panel of this.panels) {
      let touched = false;
      for (const s of panel.series) {
        if (s.method !== method) continue;
        const value = s.value(record);
        s.dataset.data[record.epoch] = scalar(value);
        const v = inspectionVector(value, []);
        if (v) this.showPerLabel(s, v);
        touched = true;
      }
      if (touched) this.refresh(panel);
    }
    if (this.perLabel) this.refresh(this.perLabel);
  }

  destroy(): void {
    for (const panel of this.panels) panel.chart.destroy();
    this.perLabel?.chart.destroy();
    this.container.replaceChildren();
  }

  private box(key: string): { box: HTMLElement; canvas: HTMLCanvasElement } {
    const box = document.createElement('div');
    box.className = 'chart';
    box.id = `chart-${key}`;
    box.dataset['points'] = '0';
    const canvas = document.createElement('canvas');
    box.appendChild(canvas);
    this.container.appendChild(box);
    return { box, canvas };
  }

  private panel(key: string, title: string, specs: Array<{ method: string; label: string; value: Series['value']; axis?: 'left' | 'right' }>): void {
    const { box, canvas } = this.box(key);
    const dashed = new Set<string>();
    const series: Series[] = specs.map((s) => {
      // A method's second series in one chart is dashed, its colour stays the method's.
      const dash = dashed.has(s.method) ? [6, 3] : [];
      dashed.add(s.method);
      const dataset = { label: s.label, data: new Array<Point>(this.epochs).fill(null), borderColor: color(s.method), backgroundColor: color(s.method), borderDash: dash, borderWidth: 1.5, yAxisID: s.axis === 'right' ? 'y1' : 'y', spanGaps: true };
      return { method: s.method, value: s.value, dataset };
    });
    const right = specs.some((s) => s.axis === 'right');
    const chart = new Chart(canvas, {
      type: 'line',
      data: { labels: Array.from({ length: this.epochs }, (_, e) => e + 1), datasets: series.map((s) => s.dataset) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        elements: { point: { radius: this.epochs <= 10 ? 3 : 0 } },
        plugins: { title: { display: true, text: title }, legend: { labels: { boxWidth: 12 } } },
        scales: { x: { title: { display: true, text: 'epoch' } }, y: { position: 'left' }, ...(right ? { y1: { position: 'right' as const, grid: { drawOnChartArea: false } } } : {}) },
      },
    });
    this.panels.push({ chart, box, series });
  }

  /** The latest per-label values of a vector series, as bars over the label names. */
  private showPerLabel(source: Series, values: number[]): void {
    if (!this.perLabel) {
      const { box, canvas } = this.box('per-label');
      const chart = new Chart(canvas, {
        type: 'bar',
        data: { labels: values.map((_, j) => this.labelNames[j] ?? `label ${j + 1}`), datasets: [] },
        options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { title: { display: true, text: 'per-label weights, latest epoch (selector internals)' }, legend: { labels: { boxWidth: 12 } } } },
      });
      this.perLabel = { chart, box, bars: new Map() };
    }
    const { chart, bars } = this.perLabel;
    let bar = bars.get(source.dataset.label);
    if (!bar) {
      // A method's second vector is lighter, its colour stays the method's.
      const second = [...bars.values()].some((b) => b.method === source.method);
      bar = { method: source.method, label: source.dataset.label, data: [], backgroundColor: color(source.method) + (second ? '66' : 'cc') };
      bars.set(bar.label, bar);
      chart.data.datasets.push(bar as never);
    }
    bar.data = values;
  }

  private refresh(panel: { chart: Chart; box: HTMLElement }): void {
    panel.chart.update();
    const points = panel.chart.data.datasets.reduce((n, d) => n + (d.data as Point[]).filter((v) => typeof v === 'number').length, 0);
    panel.box.dataset['points'] = String(points);
  }
}
