/** The Markdown report: every table and section in the order a reader needs them. */
import type { RunGroup } from './aggregate';
import { claimMarkdown, overDatasetsMarkdown } from './claim';
import { escapeHtml } from './escape-html';
import { escapeMarkdown } from './safe-text';
import { acrossDatasetsMarkdown, significanceMarkdown, verdictsMarkdown } from './significance-sections';
import { coverageMarkdown, KEY_METRICS, markdownTable, resourcesMarkdown } from './tables';

/**
 * The body: metric tables, runs kept apart, the paper's claim put to the results (with the
 * reader's own notes after it, e.g. the study's threats), D2ACE's verdicts, significance,
 * coverage, leak check.
 */
export function markdownReport(rawGroups: RunGroup[], rawApart: string[], notes?: string): string {
  // Names come from users (dataset files, variant labels): escaped once here for every table.
  const groups = rawGroups.map((g) => ({ ...g, dataset: escapeMarkdown(g.dataset), model: escapeMarkdown(g.model), method: escapeMarkdown(g.method) }));
  const apart = rawApart.map(escapeMarkdown);
  return [
    markdownTable(groups),
    '',
    ...apart.flatMap((line) => [line, '']),
    "### The paper's claim",
    '',
    claimMarkdown(groups),
    '',
    ...(notes ? [notes.trim(), ''] : []),
    '### D2ACE over the datasets',
    '',
    overDatasetsMarkdown(groups),
    '',
    '### D2ACE against each method, per dataset',
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
}

/** The Markdown file's head: its title and how to make it again. */
export function markdownHead(title: string | undefined, runs: number, command?: string): string {
  const how = command ? ` by <code>${escapeHtml(command)}</code>` : '';
  return [`# ${title ? escapeMarkdown(title) : 'd2ace-webgpu report'}`, '', `Generated from ${runs} result files${how}.`, '', ''].join('\n');
}
