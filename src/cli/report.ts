/** `d2ace report`: tables and a self-contained HTML page from result files. */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { groupRuns } from '../experiment/aggregate';
import { readResultFile } from '../experiment/result-file';
import { renderHtmlReport } from '../experiment/report-html';
import { acrossDatasetsMarkdown, significanceMarkdown } from '../experiment/report-significance';
import { csvTable, KEY_METRICS, markdownTable } from '../experiment/report-tables';
import type { RunResult } from '../experiment/result';

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
  // The UMD build is not in chart.js's "exports"; it sits beside the CommonJS entry.
  const require = createRequire(import.meta.url);
  return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

export interface ReportCommandOptions {
  html?: string;
  csv?: string;
  md?: string;
  title?: string;
}

export function buildReports(results: RunResult[], options: ReportCommandOptions): { markdown: string; written: string[] } {
  const groups = groupRuns(results);
  const written: string[] = [];
  if (options.html) {
    writeFileSync(options.html, renderHtmlReport(groups, { chartJs: chartJsSource(), generatedAt: new Date(), ...(options.title ? { title: options.title } : {}) }));
    written.push(options.html);
  }
  if (options.csv) {
    writeFileSync(options.csv, `${csvTable(groups)}\n`);
    written.push(options.csv);
  }
  const markdown = [
    markdownTable(groups),
    '',
    '### Is a difference real?',
    '',
    significanceMarkdown(groups, KEY_METRICS),
    '',
    '### Across datasets',
    '',
    acrossDatasetsMarkdown(groups, KEY_METRICS),
  ].join('\n');
  if (options.md) {
    writeFileSync(options.md, `${markdown}\n`);
    written.push(options.md);
  }
  return { markdown, written };
}

export function runReportCommand(inputs: string[], options: ReportCommandOptions, out: (s: string) => void): number {
  const results = collectResultFiles(inputs).map(readResultFile);
  const { markdown, written } = buildReports(results, options);
  out(markdown);
  for (const file of written) out(`wrote ${file}`);
  return 0;
}
