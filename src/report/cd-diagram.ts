/**
 * A critical-difference diagram (Demšar, JMLR 2006, figure 1) as inline SVG: the methods'
 * average ranks on an axis (1 = best, on the left), the Nemenyi critical difference as a bar
 * above it, and thick lines joining methods whose ranks differ by less than it (not
 * significantly different).
 */
import { cliques } from './significance';
import { escapeHtml } from './escape-html';


export interface CdDiagramInput {
  title: string;
  methods: readonly string[];
  averageRanks: readonly number[];
  criticalDifference: number;
  /** A line under the title (the test's result). */
  caption?: string;
}

export function renderCdDiagram(input: CdDiagramInput): string {
  const k = input.methods.length;
  const width = 620;
  const left = 150;
  const right = width - 150;
  const axisY = 78;
  const x = (rank: number) => left + ((rank - 1) / Math.max(1, k - 1)) * (right - left);
  const order = input.averageRanks.map((r, i) => ({ r, name: input.methods[i]! })).sort((a, b) => a.r - b.r);
  const half = Math.ceil(k / 2);
  const spans = cliques(input.averageRanks, input.criticalDifference);
  const labelsTop = axisY + 22 + spans.length * 7;
  const height = labelsTop + half * 20 + 12;
  const parts: string[] = [];
  parts.push(`<text x="${width / 2}" y="16" text-anchor="middle" font-weight="600">${escapeHtml(input.title)}</text>`);
  if (input.caption) parts.push(`<text x="${width / 2}" y="32" text-anchor="middle" font-size="11" fill="#555">${escapeHtml(input.caption)}</text>`);
  // The critical difference, drawn to the axis' scale.
  const cdEnd = Math.min(right, x(1 + input.criticalDifference));
  parts.push(`<line x1="${x(1)}" y1="48" x2="${cdEnd}" y2="48" stroke="#b91c1c" stroke-width="2"/>`);
  parts.push(`<text x="${(x(1) + cdEnd) / 2}" y="44" text-anchor="middle" font-size="11" fill="#b91c1c">CD = ${input.criticalDifference.toFixed(2)}${x(1 + input.criticalDifference) > right ? ' (wider than the axis)' : ''}</text>`);
  parts.push(`<line x1="${left}" y1="${axisY}" x2="${right}" y2="${axisY}" stroke="#222"/>`);
  for (let r = 1; r <= k; r++) {
    parts.push(`<line x1="${x(r)}" y1="${axisY - 5}" x2="${x(r)}" y2="${axisY}" stroke="#222"/><text x="${x(r)}" y="${axisY - 8}" text-anchor="middle" font-size="11">${r}</text>`);
  }
  // Methods: the better half labelled on the left, the rest on the right.
  order.forEach((m, i) => {
    const onLeft = i < half;
    const row = onLeft ? i : k - 1 - i;
    const y = labelsTop + row * 20;
    const mx = x(m.r);
    const tx = onLeft ? left - 10 : right + 10;
    parts.push(`<polyline points="${mx},${axisY} ${mx},${y} ${tx},${y}" fill="none" stroke="#444"/>`);
    parts.push(`<text x="${onLeft ? tx - 4 : tx + 4}" y="${y + 4}" text-anchor="${onLeft ? 'end' : 'start'}" font-size="12">${escapeHtml(m.name)} (${m.r.toFixed(2)})</text>`);
  });
  // Not significantly different: a thick bar under the axis per group.
  spans.forEach(([a, b], i) => {
    const y = axisY + 12 + i * 7;
    parts.push(`<line x1="${x(order[a]!.r) - 4}" y1="${y}" x2="${x(order[b]!.r) + 4}" y2="${y}" stroke="#111" stroke-width="4" stroke-linecap="round"/>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="cd" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" role="img" aria-label="${escapeHtml(input.title)}">${parts.join('')}</svg>`;
}
