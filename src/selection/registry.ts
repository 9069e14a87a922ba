/**
 * Every selection method, by name. Adding a method = one folder under src/selection/ with a
 * descriptor (method.ts) and one line here; nothing else names a method.
 */
import { activeBiasMethod } from './active-bias/method';
import { d2aceMethod } from './d2ace/method';
import type { SelectionMethod } from './method';
import { mladabatchMethod } from './mladabatch/method';
import { obsMethod } from './obs/method';
import { recencyBiasMethod } from './recency-bias/method';
import { ubsMethod } from './ubs/method';
import { uniformMethod } from './uniform/method';

export const SELECTION_METHODS: readonly SelectionMethod<any>[] = [
  uniformMethod,
  d2aceMethod,
  obsMethod,
  activeBiasMethod,
  recencyBiasMethod,
  ubsMethod,
  mladabatchMethod,
];

export const METHOD_NAMES: readonly string[] = SELECTION_METHODS.map((m) => m.name);

/** The descriptor of `name`, or an error listing the methods there are. */
export function selectionMethod(name: string): SelectionMethod<any> {
  const method = SELECTION_METHODS.find((m) => m.name === name);
  if (!method) throw new Error(`unknown selection method '${name}' (methods: ${METHOD_NAMES.join(', ')})`);
  return method;
}
