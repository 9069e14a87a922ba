/**
 * What a report must not average together. Interrupted runs have no test metrics: counted in a
 * row's runs they would add nothing to its means, so they are listed apart. Runs of one dataset,
 * model and method whose settings differ (other epochs, other knobs) are not replicates of one
 * experiment: each setting gets its own row, named by the keys that differ, so nothing is
 * averaged across settings and methods are compared only within one setting.
 */
import { flattenConfig } from '../results/config-hash';
import type { RunResult } from '../results/result';

/** Keys that tell replicates apart (or name the row already), not settings. */
const REPLICATE_KEYS = new Set(['seed', 'fold', 'method', 'label', 'model']);

/** The name a run goes by in reports: its label (a method variant), else its method. */
export function runLabel(r: RunResult): string {
  return r.config.label ?? r.config.method;
}

/** The run's settings split into those every method shares (epochs, batch, lr, ...) and its method's own options. */
function settings(r: RunResult): { shared: Map<string, string>; own: Map<string, string> } {
  const all = [...flattenConfig(r.config)].filter(([k]) => !REPLICATE_KEYS.has(k));
  return { shared: new Map(all.filter(([k]) => !k.startsWith('methodOptions.'))), own: new Map(all.filter(([k]) => k.startsWith('methodOptions.'))) };
}

/** The keys whose values are not the same in every map, sorted. */
function varyingKeys(maps: Map<string, string>[]): string[] {
  const keys = new Set(maps.flatMap((m) => [...m.keys()]));
  return [...keys].filter((k) => new Set(maps.map((m) => m.get(k) ?? 'unset')).size > 1).sort();
}

const shortKey = (k: string) => k.replace(/^methodOptions\.[^.]+\./, '');
const shortValue = (v: string | undefined) => (v === undefined ? 'unset' : v.replace(/^"(.*)"$/, '$1'));
const suffix = (keys: string[], values: Map<string, string>) => (keys.length ? ` [${keys.map((k) => `${shortKey(k)} ${shortValue(values.get(k))}`).join(', ')}]` : '');

function bucket<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
}

export interface RowName {
  /** The model column: the backbone, with the shared settings that set this row apart. */
  model: string;
  /** The method column: the label, with the method's own options that set this row apart. */
  method: string;
}

/** One split: runs of a dataset and backbone (and method, for its own options) that differ in `keys`, shown as `rows`. */
export interface SettingSplit {
  dataset: string;
  model: string;
  /** The method whose own options differ; undefined when the settings every method shares differ. */
  method?: string;
  keys: string[];
  rows: string[];
}

/**
 * Row names for complete runs. Shared settings that vary within a dataset and backbone go into
 * the model name ("mlp [epochs 5]"), so each method is compared only with the others of its
 * setting; a method's own options that vary go into its name ("d2ace [window 7]").
 */
export function rowNames(results: RunResult[]): { names: Map<RunResult, RowName>; splits: SettingSplit[] } {
  const names = new Map<RunResult, RowName>();
  const splits: SettingSplit[] = [];
  for (const runs of bucket(results, (r) => `${r.dataset.name}|${r.config.model}`).values()) {
    const { name: dataset } = runs[0]!.dataset;
    const { model } = runs[0]!.config;
    const shared = new Map(runs.map((r) => [r, settings(r).shared]));
    const sharedKeys = varyingKeys([...shared.values()]);
    for (const r of runs) names.set(r, { model: model + suffix(sharedKeys, shared.get(r)!), method: runLabel(r) });
    if (sharedKeys.length) splits.push({ dataset, model, keys: sharedKeys, rows: [...new Set(runs.map((r) => names.get(r)!.model))].sort() });
    for (const [label, mine] of bucket(runs, runLabel)) {
      const own = new Map(mine.map((r) => [r, settings(r).own]));
      const ownKeys = varyingKeys([...own.values()]);
      if (!ownKeys.length) continue;
      for (const r of mine) names.get(r)!.method = label + suffix(ownKeys, own.get(r)!);
      splits.push({ dataset, model, method: label, keys: ownKeys, rows: [...new Set(mine.map((r) => names.get(r)!.method))].sort() });
    }
  }
  return { names, splits };
}

/** A run with test metrics: the only kind a report averages. */
export function isComplete(r: RunResult): boolean {
  return r.status === 'complete' && !!r.test;
}

/** What was kept apart, as Markdown lines (empty when nothing was). */
export function apartLines(results: RunResult[]): string[] {
  const lines: string[] = [];
  const unfinished = results.filter((r) => !isComplete(r));
  if (unfinished.length) {
    const shown = unfinished.slice(0, 8).map((r) => `${runLabel(r)} on ${r.dataset.name} (${r.config.model}, ${r.config.split}${r.config.split === 'cv5' ? ` fold ${r.config.fold}` : ''}, seed ${r.config.seed}: ${r.status} after ${r.history.length} of ${r.config.epochs} epochs)`);
    lines.push(`**${unfinished.length} run(s) did not finish and are not in the tables or the tests**: ${shown.join('; ')}${unfinished.length > 8 ? '; ...' : ''}. Run the sweep again to finish them.`);
  }
  const { splits } = rowNames(results.filter(isComplete));
  for (const s of splits) {
    const who = s.method ? `${s.method} on ${s.dataset} (${s.model})` : `${s.dataset} (${s.model})`;
    const how = s.method ? 'each setting in its own row, not averaged' : 'each setting in its own rows; methods are compared only within one setting';
    lines.push(`**Runs of ${who} differ in ${s.keys.map(shortKey).join(', ')}**: ${how} (${s.rows.join('; ')}).`);
  }
  return lines;
}
