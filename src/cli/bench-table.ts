/**
 * The readable form of a benchmark's envelope (`d2ace bench <name>` without --json): a header
 * saying what ran where, then the rows and each further table as aligned columns, nested
 * fields flattened to dotted names (gpu.observeMsPerStep).
 */
import type { BenchEnvelope } from '../bench/benchmark';

function flatten(value: unknown, prefix: string, into: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, value === null || value === undefined ? '-' : Array.isArray(value) ? value.join(',') : String(value));
  }
}

function table(rows: readonly unknown[]): string[] {
  if (rows.length === 0) return ['(none)'];
  const cells = rows.map((row) => {
    const flat = new Map<string, string>();
    flatten(row, '', flat);
    return flat;
  });
  const columns = [...new Set(cells.flatMap((c) => [...c.keys()]))];
  const widths = columns.map((col) => Math.max(col.length, ...cells.map((c) => (c.get(col) ?? '').length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns), ...cells.map((c) => line(columns.map((col) => c.get(col) ?? '')))];
}

export function formatBenchEnvelope(envelope: BenchEnvelope): string {
  const { benchmark, description, runtime, adapter, options, rows, ...extra } = envelope;
  const where = Array.isArray(runtime) ? `${runtime.join(' and ')}${adapter ? `, adapter ${[adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' / ')}${adapter.software ? ' (software)' : ''}` : ''}` : adapter ? `${runtime}, adapter ${[adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' / ')}${adapter.software ? ' (software)' : ''}` : `${runtime}, no GPU`;
  const lines = [`${benchmark}: ${description}`, `runtime ${where}`, `options ${JSON.stringify(options)}`, '', ...table(rows)];
  for (const [name, value] of Object.entries(extra)) {
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) lines.push('', `${name}:`, ...(value.length ? value.map((v) => `  ${v}`) : ['  (none)']));
    else if (typeof value === 'string') lines.push('', `${name}: ${value}`);
    else lines.push('', ...(Array.isArray(value) ? [`${name}:`, ...table(value)] : [`${name}: ${JSON.stringify(value)}`]));
  }
  return lines.join('\n');
}
