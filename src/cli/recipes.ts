/** `d2ace recipes`: the named backbone + optimiser settings, and where their numbers come from. */
import { DEFAULT_RECIPE, RECIPES } from '../train/recipes';

export function runRecipesCommand(options: { json?: boolean }, out: (s: string) => void): number {
  if (options.json) {
    out(JSON.stringify({ recipes: RECIPES, defaults: DEFAULT_RECIPE }, null, 2));
    return 0;
  }
  const lines: string[] = [];
  for (const r of RECIPES) {
    const isDefault = DEFAULT_RECIPE[r.model] === r.name ? ` (default for ${r.model})` : '';
    lines.push(`${r.name}: ${r.model}${isDefault}: ${r.summary}`, `  basis: ${r.basis}`, `  ${Object.entries(r.settings)
        .filter(([k]) => (k === 'hidden' ? r.model === 'clif' : k === 'mlpWidths' ? r.model === 'mlp' : true))
        .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
        .join(', ')}`, '');
  }
  lines.push("Use one with 'd2ace train --recipe <name>' or \"train\": { \"recipe\": \"<name>\" } in an experiment file; any flag or setting given overrides it.");
  out(lines.join('\n'));
  return 0;
}
