/** `d2ace methods`: every registered selection method with its options and defaults. */
import { SELECTION_METHODS } from '../selection/registry';

export function methodsListing() {
  return SELECTION_METHODS.map((m) => ({
    name: m.name,
    summary: m.summary,
    citation: m.citation,
    facts: m.facts,
    options: m.options.map((o) => ({
      key: o.key,
      flag: o.flag.split(' ')[0]!,
      type: o.type,
      default: (m.defaults as Record<string, unknown>)[o.key] ?? null,
      ...(o.choices ? { choices: [...o.choices] } : {}),
      ...(o.minimum !== undefined ? { minimum: o.minimum } : {}),
      ...(o.above !== undefined ? { exclusiveMinimum: o.above } : {}),
      ...(o.maximum !== undefined ? { maximum: o.maximum } : {}),
      help: o.help,
    })),
    schema: m.schema,
  }));
}

export function runMethodsCommand(options: { json?: boolean }, out: (s: string) => void): number {
  const listing = methodsListing();
  if (options.json) {
    out(JSON.stringify({ methods: listing }, null, 2));
    return 0;
  }
  const lines: string[] = [];
  for (const m of listing) {
    lines.push(`${m.name}: ${m.summary}`, `  ${m.citation}`, `  state per instance: ${m.facts.statePerInstance}; per step: ${m.facts.costPerStep}; per epoch: ${m.facts.costPerEpoch}`);
    if (m.options.length === 0) lines.push('  (no options)');
    for (const o of m.options) {
      const dflt = o.default === null ? 'none' : JSON.stringify(o.default);
      lines.push(`  ${o.flag.padEnd(24)} ${o.help} (default ${dflt}${o.choices ? `; ${o.choices.join(' | ')}` : ''})`);
    }
    lines.push('');
  }
  lines.push("Pass options as flags of 'd2ace train --method <name>', or in an experiment file under methodOptions.<name>.");
  out(lines.join('\n'));
  return 0;
}
