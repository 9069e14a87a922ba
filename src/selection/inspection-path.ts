/**
 * Reading a method's internals: an InternalChart series names a path into the record its
 * selector's inspect() returns. The report, the demo and apps read values the same way here.
 */

/** The value at `path` in an inspection record (undefined where the path leads nowhere). */
export function inspectionValue(record: unknown, path: readonly string[]): unknown {
  let value: unknown = record;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

/** A non-empty array of numbers at `path`, e.g. one value per label. */
export function inspectionVector(record: unknown, path: readonly string[]): number[] | undefined {
  const value = inspectionValue(record, path);
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number') ? (value as number[]) : undefined;
}

/** The number at `path`; an array of numbers gives its mean (the report plots it so). */
export function inspectionNumber(record: unknown, path: readonly string[]): number | undefined {
  const value = inspectionValue(record, path);
  if (typeof value === 'number') return value;
  const v = inspectionVector(record, path);
  return v ? v.reduce((a, b) => a + b, 0) / v.length : undefined;
}
