/**
 * Labels with one value for every instance (positive for all, or for none) once the protocol has
 * run: nothing can be learned for them and their AUC is undefined, so a run should say so. The
 * protocol drops rare labels, but dropping instances without labels can leave a label positive
 * for every instance that is left.
 */
import type { MultiLabelData } from './types';

export interface ConstantLabels {
  positiveForAll: string[];
  positiveForNone: string[];
}

export function constantLabels(data: MultiLabelData): ConstantLabels {
  const { numInstances: n, numLabels: L } = data;
  const positives = new Int32Array(L);
  for (let i = 0; i < n; i++) for (let j = 0; j < L; j++) positives[j]! += data.labels[i * L + j]!;
  const names = (keep: (count: number) => boolean) => data.labelNames.filter((_, j) => keep(positives[j]!));
  if (n === 0) return { positiveForAll: [], positiveForNone: [] };
  return { positiveForAll: names((c) => c === n), positiveForNone: names((c) => c === 0) };
}

function warning(names: string[], which: 'every one' | 'none', instances: number): string {
  const one = names.length === 1;
  return (
    `${names.length} label${one ? ' is' : 's are'} positive for ${which} of the ${instances} instances after the protocol: ` +
    `${names.map((name) => `'${name}'`).join(', ')}. Nothing can be learned for ${one ? 'it' : 'them'}, and ${one ? 'its' : 'their'} AUC is undefined.`
  );
}

/** One warning per kind of constant label, naming them and how many; none when every label varies. */
export function constantLabelWarnings(data: MultiLabelData): string[] {
  const { positiveForAll, positiveForNone } = constantLabels(data);
  const warnings: string[] = [];
  if (positiveForAll.length) warnings.push(warning(positiveForAll, 'every one', data.numInstances));
  if (positiveForNone.length) warnings.push(warning(positiveForNone, 'none', data.numInstances));
  return warnings;
}
