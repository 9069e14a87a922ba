/** `d2ace report`: tables and a self-contained HTML page from result files. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { groupRuns } from '../report/aggregate';
import { renderHtmlReport } from '../report/html';
import { markdownHead, markdownReport } from '../report/markdown';
import { apartLines } from '../report/runs-apart';
import { csvTable } from '../report/tables';
import { collectResultFiles } from '../results/collect';
import { readResultFile } from '../results/result-file';
import type { RunResult } from '../results/result';
import { chartJsSource } from '../node/chart-js';

export interface ReportCommandOptions {
  html?: string;
  csv?: string;
  md?: string;
  title?: string;
  /** A folder for PNGs of the HTML report's charts (headless Chromium), linked from the Markdown. */
  images?: string;
  /** The command line that made the report, stated at the top of the Markdown file. */
  command?: string;
  /** A Markdown file placed after the claim's verdict (a study's threats, what differs from the authors). */
  notes?: string;
}

/** The notes file's text; a missing or unreadable file is an error that names it. */
function readNotes(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`--notes ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
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
  const markdown = markdownReport(groups, apart, options.notes ? readNotes(options.notes) : undefined);
  if (options.md && !options.images) {
    writeFileSync(options.md, `${markdownHead(options.title, results.length, options.command)}${markdown}\n`);
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
      writeFileSync(options.md, `${markdownHead(options.title, results.length, options.command)}${markdown}\n`);
      written.push(options.md);
    }
  }
  out(markdown);
  for (const file of written) out(`wrote ${file}`);
  return 0;
}
