/** `d2ace report`: tables and a self-contained HTML page from result files. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { groupRuns } from '../experiment/aggregate';
import { readResultFile } from '../experiment/result-file';
import { apartLines } from '../experiment/runs-apart';
import { renderHtmlReport } from '../experiment/report-html';
import { acrossDatasetsMarkdown, significanceMarkdown, verdictsMarkdown } from '../experiment/report-significance';
import { coverageMarkdown, csvTable, KEY_METRICS, markdownTable, resourcesMarkdown } from '../experiment/report-tables';
import type { RunResult } from '../experiment/result';
import { PACKAGE_ROOT } from '../node/package-root';

/** Result files named by the arguments: files, or every *.json directly in a folder. */
export function collectResultFiles(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (!existsSync(input)) throw new Error(`${input} does not exist`);
    if (statSync(input).isDirectory()) files.push(...readdirSync(input).filter((f) => f.endsWith('.json')).sort().map((f) => join(input, f)));
    else files.push(input);
  }
  if (files.length === 0) throw new Error(`no result files (*.json) in ${inputs.join(', ')}`);
  return files;
}

export function chartJsSource(): string {
  // A checkout reads the UMD build from chart.js, where it sits beside the CommonJS entry (it
  // is not in chart.js's "exports"); an installed package has its copy in dist/node/vendor.
  try {
    const require = createRequire(import.meta.url);
    return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  } catch {
    return readFileSync(join(PACKAGE_ROOT, 'dist/node/vendor/chart.umd.min.js'), 'utf8');
  }
}

export interface ReportCommandOptions {
  html?: string;
  csv?: string;
  md?: string;
  title?: string;
  /** A folder for PNGs of the HTML report's charts (headless Chromium), linked from the Markdown. */
  images?: string;
  /** The command line that made the report, stated at the top of the Markdown file. */
  command?: string;
}

/** The Markdown file's head: its title and how to make it again. */
function markdownHead(options: ReportCommandOptions, runs: number): string {
  const title = options.title ?? 'd2ace-webgpu report';
  return [`# ${title}`, '', `Generated from ${runs} result files${options.command ? ` by \`${options.command}\`` : ''}.`, '', ''].join('\n');
}

export function buildReports(results: RunResult[], options: ReportCommandOptions): { markdown: string; written: string[] } {
  const groups = groupRuns(results);
  const apart = apartLines(results);
  const written: string[] = [];
  if (options.html) {
    writeFileSync(options.html, renderHtmlReport(groups, { chartJs: chartJsSource(), generatedAt: new Date(), apart, ...(options.title ? { title: options.title } : {}) }));
    written.push(options.html);
  }
  if (options.csv) {
    writeFileSync(options.csv, `${csvTable(groups)}\n`);
    written.push(options.csv);
  }
  const markdown = [
    markdownTable(groups),
    '',
    ...apart.flatMap((line) => [line, '']),
    '### D2ACE against each method',
    '',
    verdictsMarkdown(groups, KEY_METRICS),
    '',
    '### Is a difference real?',
    '',
    significanceMarkdown(groups, KEY_METRICS),
    '',
    '### Across datasets',
    '',
    acrossDatasetsMarkdown(groups, KEY_METRICS),
    '',
    '### Training-set coverage',
    '',
    coverageMarkdown(groups),
    '',
    '### Tensors and GPU buffers (leak check)',
    '',
    resourcesMarkdown(groups),
  ].join('\n');
  if (options.md && !options.images) {
    writeFileSync(options.md, `${markdownHead(options, results.length)}${markdown}\n`);
    written.push(options.md);
  }
  return { markdown, written };
}

export async function runReportCommand(inputs: string[], options: ReportCommandOptions, out: (s: string) => void): Promise<number> {
  const results = collectResultFiles(inputs).map(readResultFile);
  let html = options.html;
  if (options.images && !html) html = join(mkdtempSync(join(tmpdir(), 'd2ace-report-')), 'report.html');
  const built = buildReports(results, { ...options, ...(html ? { html } : {}) });
  const written = built.written;
  let markdown = built.markdown;
  if (options.images) {
    const { captureReportImages } = await import('../node/report-images');
    const images = await captureReportImages(html!, options.images);
    const base = options.md ? dirname(options.md) : process.cwd();
    markdown += `\n\n### Charts\n\n${images.map((i) => `![${i.title}](${relative(base, i.file).split(sep).join('/')})`).join('\n\n')}`;
    written.push(...images.map((i) => i.file));
    if (options.md) {
      writeFileSync(options.md, `${markdownHead(options, results.length)}${markdown}\n`);
      written.push(options.md);
    }
  }
  out(markdown);
  for (const file of written) out(`wrote ${file}`);
  return 0;
}
