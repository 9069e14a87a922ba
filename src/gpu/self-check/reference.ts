/** TypeScript twin of shaders/self-check/column_stats.wgsl. */
/**
 * The twin: for a row-major rows x cols matrix, returns [mean_0, std_0, mean_1, std_1, ...]
 * (population std, two-pass). An empty matrix gives zeros.
 */
export function columnStatsReference(matrix: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(2 * cols);
  if (rows === 0) return out;
  for (let c = 0; c < cols; c++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += matrix[r * cols + c]!;
    const mean = sum / rows;
    let squares = 0;
    for (let r = 0; r < rows; r++) {
      const d = matrix[r * cols + c]! - mean;
      squares += d * d;
    }
    out[2 * c] = mean;
    out[2 * c + 1] = Math.sqrt(squares / rows);
  }
  return out;
}
