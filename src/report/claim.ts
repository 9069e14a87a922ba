/**
 * The paper's claim put to the study, in Markdown: "D2ACE outperforms existing batch selection
 * approaches across various deep MLC models". Per backbone and main metric, D2ACE's average
 * rank among the methods, Friedman's test and Nemenyi's critical difference decide a verdict;
 * beside it, D2ACE against each method over the datasets (wins / ties / losses of the means, and
 * how many datasets the paired test finds significant either way). Computed, never written by
 * hand, so `d2ace report` regenerates it with the results.
 */
import { LOWER_IS_BETTER, type MetricName } from '../metrics/names';
import type { RunGroup } from './aggregate';
import { isSignificant } from './significance-sections';
import { acrossDatasets, pairedComparisons, type AcrossDatasets } from './significance';

/** The metrics the verdict speaks for (the paper's headline metrics). */
export const CLAIM_METRICS: readonly MetricName[] = ['macro_auc', 'ranking_loss', 'macro_f1', 'average_precision'];

/** Two means closer than this are a tie (as in the paired tables). */
const TIE = 1e-4;

export type ClaimVerdict = 'supported' | 'partly supported' | 'not supported here' | 'too few datasets';

export interface ClaimRow {
  model: string;
  metric: MetricName;
  datasets: number;
  /** D2ACE's average rank and its place among the methods' average ranks (1 = best; ties share). */
  rank: number;
  place: number;
  methods: number;
  friedmanP: number;
  criticalDifference: number;
  /** Methods whose average rank is worse than D2ACE's by at least the critical difference. */
  beatenByCd: string[];
  verdict: ClaimVerdict;
}

/**
 * supported: D2ACE ranks first, Friedman's test rejects equal ranks and D2ACE beats every other
 * method by the critical difference; partly supported: first, without all of that; not
 * supported here: another method ranks better on average.
 */
export function claimRow(a: AcrossDatasets, subject = 'd2ace'): ClaimRow | undefined {
  const i = a.methods.indexOf(subject);
  if (i < 0) return undefined;
  const ranks = a.friedman.averageRanks;
  const rank = ranks[i]!;
  const place = 1 + ranks.filter((r) => r < rank - 1e-9).length;
  const beatenByCd = a.methods.filter((m, j) => j !== i && ranks[j]! - rank >= a.criticalDifference);
  const verdict: ClaimVerdict =
    a.datasets.length < 3 ? 'too few datasets' : place > 1 ? 'not supported here' : a.friedman.p < 0.05 && beatenByCd.length === a.methods.length - 1 ? 'supported' : 'partly supported';
  return { model: a.model, metric: a.metric, datasets: a.datasets.length, rank, place, methods: a.methods.length, friedmanP: a.friedman.p, criticalDifference: a.criticalDifference, beatenByCd, verdict };
}

export function claimRows(groups: RunGroup[], subject = 'd2ace'): ClaimRow[] {
  const models = [...new Set(groups.filter((g) => g.method === subject).map((g) => g.model))].sort();
  return models.flatMap((model) =>
    CLAIM_METRICS.map((metric) => acrossDatasets(groups, model, metric))
      .filter((a): a is AcrossDatasets => a !== undefined)
      .map((a) => claimRow(a, subject))
      .filter((r): r is ClaimRow => r !== undefined),
  );
}

const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/** The verdict table and one sentence per backbone. */
export function claimMarkdown(groups: RunGroup[], subject = 'd2ace'): string {
  const rows = claimRows(groups, subject);
  if (rows.length === 0) return `The claim needs ${subject} and at least one other method on at least two datasets where every method ran.`;
  const lines = [
    `| model | metric | datasets | ${subject}'s average rank | place | Friedman | beaten by the critical difference | verdict |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.model} | ${r.metric}${LOWER_IS_BETTER.has(r.metric) ? ' ↓' : ''} | ${r.datasets} | ${r.rank.toFixed(2)} of ${r.methods} methods | ${r.place} | ${pText(r.friedmanP)} (CD ${r.criticalDifference.toFixed(2)}) | ${r.beatenByCd.join(', ') || 'none'} | **${r.verdict}** |`,
    ),
    '',
  ];
  for (const model of [...new Set(rows.map((r) => r.model))]) {
    const mine = rows.filter((r) => r.model === model);
    const supported = mine.filter((r) => r.verdict === 'supported').length;
    const first = mine.filter((r) => r.place === 1).length;
    lines.push(
      `- **${model}**: ${subject} ranks first on ${first} of ${mine.length} main metrics and beats every other method by the critical difference on ${supported}; ` +
        `its average rank is ${mine.map((r) => `${r.rank.toFixed(2)} on ${r.metric}`).join(', ')} (1 = best of ${mine[0]!.methods}).`,
    );
  }
  lines.push(
    '',
    `Verdict per metric: **supported** where ${subject} has the best average rank, Friedman's test rejects equal ranks (p < 0.05) and ${subject} ranks better than every other method by at least Nemenyi's critical difference; **partly supported** where it ranks first without all of that; **not supported here** where another method ranks better on average.`,
  );
  return lines.join('\n');
}

interface OverDatasets {
  wins: number;
  ties: number;
  losses: number;
  significantlyBetter: number;
  significantlyWorse: number;
}

/** Subject against one method on one metric over the datasets of a model. */
function overDatasets(groups: RunGroup[], model: string, other: string, metric: MetricName, subject: string): OverDatasets {
  const out: OverDatasets = { wins: 0, ties: 0, losses: 0, significantlyBetter: 0, significantlyWorse: 0 };
  const lower = LOWER_IS_BETTER.has(metric);
  for (const mine of groups.filter((g) => g.model === model && g.method === subject)) {
    const theirs = groups.find((g) => g.model === model && g.method === other && g.dataset === mine.dataset);
    if (!theirs) continue;
    const diff = (mine.test.best[metric].mean - theirs.test.best[metric].mean) * (lower ? -1 : 1);
    if (!Number.isFinite(diff)) continue;
    if (Math.abs(diff) < TIE) out.ties++;
    else if (diff > 0) out.wins++;
    else out.losses++;
  }
  // Paired rows measure other - subject (subject as the baseline): subject is better where they are negative.
  for (const row of pairedComparisons(groups, [metric], [subject]).filter((r) => r.model === model && r.method === other && isSignificant(r))) {
    if (row.comparison.meanDifference < 0) out.significantlyBetter++;
    else out.significantlyWorse++;
  }
  return out;
}

/** Per backbone: subject against each method over the datasets, on the main metrics. */
export function overDatasetsMarkdown(groups: RunGroup[], subject = 'd2ace'): string {
  const models = [...new Set(groups.filter((g) => g.method === subject).map((g) => g.model))].sort();
  const lines: string[] = [];
  for (const model of models) {
    const others = [...new Set(groups.filter((g) => g.model === model && g.method !== subject).map((g) => g.method))].sort();
    if (others.length === 0) continue;
    lines.push(`**${model}**`, '', `| ${subject} vs | ${CLAIM_METRICS.map((m) => `${m}${LOWER_IS_BETTER.has(m) ? ' ↓' : ''}`).join(' | ')} |`, `|${' --- |'.repeat(CLAIM_METRICS.length + 1)}`);
    for (const other of others) {
      const cells = CLAIM_METRICS.map((metric) => {
        const o = overDatasets(groups, model, other, metric, subject);
        return `${o.wins}/${o.ties}/${o.losses} (sig. +${o.significantlyBetter} / −${o.significantlyWorse})`;
      });
      lines.push(`| ${other} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  if (lines.length === 0) return `No datasets with ${subject} and another method.`;
  lines.push(
    `Each cell: datasets where ${subject}'s mean is better / tied (within ${TIE}) / worse, then on how many datasets the corrected resampled t-test over the paired runs finds ${subject} significantly better (+) or worse (−) at p < 0.05.`,
  );
  return lines.join('\n');
}
