/** `d2ace report`: tables and a self-contained HTML page from result files. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { writeFileAtomic } from '../node/atomic-write';
import { groupRuns } from '../report/aggregate';
import { renderHtmlReport } from '../report/html';
import { markdownHead, markdownReport } from '../report/markdown';
import { escapeMarkdown } from '../report/safe-text';
import { apartLines } from '../report/runs-apart';
import { csvTable } from '../report/tables';
import { collectResultFiles } from '../results/collect';
import { readResultFile } from '../results/result-file';
import { uniqueRuns, type DuplicatePolicy, type ReadRun } from '../results/unique-runs';
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
  /** Two files of the same run: an error (default), or keep the one finished last. */
  duplicates?: DuplicatePolicy;
  /** Report over the readable files and list the others with their reasons, instead of stopping. */
  skipUnreadable?: boolean;
  /** Lines for "runs kept apart" from before the report (unreadable files, duplicates left out). */
  apart?: string[];
}

/** The notes file's text; a missing or unreadable file is an error that names it. */
function readNotes(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`--notes ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** The runs the report is about: each read once, unreadable files stopping it or listed apart. */
function readRuns(files: string[], options: ReportCommandOptions): { results: RunResult[]; apart: string[] } {
  const read: ReadRun[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    try {
      read.push({ file, result: readResultFile(file) });
    } catch (error) {
      if (!options.skipUnreadable) throw new Error(`${(error as Error).message} (--skip-unreadable reports over the other files and lists this one)`);
      unreadable.push((error as Error).message);
    }
  }
  if (read.length === 0) throw new Error(`none of the ${files.length} result file(s) could be read: ${unreadable.join('; ')}`);
  const unique = uniqueRuns(read, options.duplicates);
  const apart = [
    ...(unreadable.length ? [`**${unreadable.length} file(s) could not be read and are not in this report**: ${unreadable.join('; ')}.`] : []),
    ...(unique.apart.length ? [`**${unique.apart.length} file(s) left out as duplicates**: ${unique.apart.join('; ')}.`] : []),
  ];
  return { results: unique.runs.map((r) => r.result), apart };
}

export function buildReports(results: RunResult[], options: ReportCommandOptions): { markdown: string; written: string[] } {
  const groups = groupRuns(results);
  const apart = [...(options.apart ?? []), ...apartLines(results)];
  const written: string[] = [];
  if (options.html) {
    writeFileAtomic(options.html, renderHtmlReport(groups, { chartJs: chartJsSource(), generatedAt: new Date(), apart, ...(options.title ? { title: options.title } : {}) }));
    written.push(options.html);
  }
  if (options.csv) {
    writeFileAtomic(options.csv, `${csvTable(groups)}\n`);
    written.push(options.csv);
  }
  const markdown = markdownReport(groups, apart, options.notes ? readNotes(options.notes) : undefined);
  if (options.md && !options.images) {
    writeFileAtomic(options.md, `${markdownHead(options.title, results.length, options.command)}${markdown}\n`);
    written.push(options.md);
  }
  return { markdown, written };
}

export async function runReportCommand(inputs: string[], options: ReportCommandOptions, out: (s: string) => void): Promise<number> {
  const { results, apart } = readRuns(collectResultFiles(inputs), options);
  let html = options.html;
  // --images without --html: the page is drawn in a scratch folder, removed afterwards.
  const scratch = options.images && !html ? mkdtempSync(join(tmpdir(), 'd2ace-report-')) : undefined;
  if (scratch) html = join(scratch, 'report.html');
  try {
    return await writeReports(results, apart, { ...options, ...(html ? { html } : {}) }, out, scratch !== undefined);
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

async function writeReports(results: RunResult[], apart: string[], options: ReportCommandOptions, out: (s: string) => void, htmlIsScratch: boolean): Promise<number> {
  const html = options.html;
  const built = buildReports(results, { ...options, apart });
  const written = htmlIsScratch ? built.written.filter((f) => f !== html) : built.written;
  let markdown = built.markdown;
  if (options.images) {
    const { captureReportImages } = await import('../node/report-images');
    const images = await captureReportImages(html!, options.images);
    const base = options.md ? dirname(options.md) : process.cwd();
    // Chart titles carry dataset names: escaped as Markdown, brackets too (they end the alt text).
    markdown += `\n\n### Charts\n\n${images.map((i) => `![${escapeMarkdown(i.title).replace(/[[\]]/g, '\\$&')}](${relative(base, i.file).split(sep).join('/')})`).join('\n\n')}`;
    written.push(...images.map((i) => i.file));
    if (options.md) {
      writeFileAtomic(options.md, `${markdownHead(options.title, results.length, options.command)}${markdown}\n`);
      written.push(options.md);
    }
  }
  out(markdown);
  for (const file of written) out(`wrote ${file}`);
  return 0;
}
