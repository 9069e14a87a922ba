/**
 * The identity of a run's configuration, for resuming and merging: a hash of the settings that
 * decide what a run computes (not where its data lie: `dataDir` is left out and a labels XML
 * counts by its file name), and the keys in which two configurations differ. The hash is always
 * recomputed from a file's config, so files written before a change here still match. Browser-safe (no node:crypto): two FNV-1a 32-bit passes, 64 bits.
 */
import type { TrainConfig } from '../train/config';

/** Settings that do not change what a run computes. */
const NOT_HASHED = new Set(['dataDir']);
/** Settings that are local paths: only the file's name counts, so runs made anywhere match. */
const FILE_NAME_ONLY = new Set(['xml']);
const fileName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/**
 * Every setting as path -> value, undefined left out. Only the run's own method's options count
 * (methodOptions.<method>.<key>): an experiment gives every run the options of all its methods,
 * and a uniform run is the same run whatever D2ACE's window is.
 */
export function flattenConfig(config: TrainConfig): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (value === undefined) return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const key of Object.keys(value).sort()) walk((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      return;
    }
    out.set(path, JSON.stringify(FILE_NAME_ONLY.has(path) && typeof value === 'string' ? fileName(value) : value));
  };
  const own = { ...config, methodOptions: { [config.method]: config.methodOptions?.[config.method] } };
  for (const key of Object.keys(own).sort()) if (!NOT_HASHED.has(key)) walk((own as unknown as Record<string, unknown>)[key], key);
  return out;
}

function fnv1a(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** 16 hex digits identifying the configuration (key order does not matter). */
export function configHash(config: TrainConfig): string {
  const text = [...flattenConfig(config)].map(([k, v]) => `${k}=${v}`).join('\n');
  return fnv1a(text, 0x811c9dc5) + fnv1a(text, 0x9747b28c);
}

/** The settings whose values differ, as "key: stored -> planned" (a setting one side lacks shows as unset). */
export function configDifferences(stored: TrainConfig, planned: TrainConfig): string[] {
  const a = flattenConfig(stored);
  const b = flattenConfig(planned);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => `${k}: ${a.get(k) ?? 'unset'} -> ${b.get(k) ?? 'unset'}`);
}
