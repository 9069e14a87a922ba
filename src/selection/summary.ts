/** Five-number-ish summaries of a vector, for inspect() reports. */
export interface Summary {
  min: number;
  max: number;
  mean: number;
  std: number;
}

export function summarize(values: ArrayLike<number>): Summary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const mean = values.length ? sum / values.length : NaN;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return { min, max, mean, std: values.length ? Math.sqrt(squares / values.length) : NaN };
}
