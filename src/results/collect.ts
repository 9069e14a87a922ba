/** Finding result files: the files named, and every *.json directly in a folder named. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Result files named by the arguments: files, or every *.json directly in a folder. */
export function collectResultFiles(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (!existsSync(input)) throw new Error(`${input} does not exist`);
    if (statSync(input).isDirectory()) files.push(...readdirSync(input).filter((f) => f.endsWith('.json')).sort().map((f) => join(input, f)));
    else files.push(input);
  }
  if (files.length === 0) throw new Error(`no result files (*.json) in ${inputs.join(', ')}`);
  return files;
}
