/**
 * Finding result files: the files named, and every *.json directly in a folder named; a file
 * reached twice (named and in its folder, or through a link) is listed once.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Result files named by the arguments: files, or every *.json directly in a folder. */
export function collectResultFiles(inputs: string[]): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const real = realpathSync(file);
    if (seen.has(real)) return;
    seen.add(real);
    files.push(file);
  };
  for (const input of inputs) {
    if (!existsSync(input)) throw new Error(`${input} does not exist`);
    if (statSync(input).isDirectory()) readdirSync(input).filter((f) => f.endsWith('.json')).sort().forEach((f) => add(join(input, f)));
    else add(input);
  }
  if (files.length === 0) throw new Error(`no result files (*.json) in ${inputs.join(', ')}`);
  return files;
}
