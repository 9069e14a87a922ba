// column_stats: per-column mean and population standard deviation of a row-major
// rows x cols f32 matrix (D2ACE's per-label statistics over all N instances).
//
// Bindings (group 0):
//   0 params  uniform            { rows: u32, cols: u32 }
//   1 matrix  storage, read      array<f32>, rows * cols, row-major
//   2 stats   storage, read_write array<f32>, 2 * cols: [mean_0, std_0, mean_1, std_1, ...]
// Dispatch: one workgroup per column, (cols, 1, 1); WG threads stride over the rows.
// Two passes over the column (mean, then squared deviations) for the same accuracy as the
// TypeScript twin's two-pass formula; accumulation in f32.

override WG: u32 = 256u;

struct Params {
  rows: u32,
  cols: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> matrix: array<f32>;
@group(0) @binding(2) var<storage, read_write> stats: array<f32>;

var<workgroup> partial: array<f32, WG>;

// Sums `partial` across the workgroup; every thread gets the total.
fn workgroup_sum(local: u32, value: f32) -> f32 {
  partial[local] = value;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (local < stride) {
      partial[local] = partial[local] + partial[local + stride];
    }
    workgroupBarrier();
  }
  let total = partial[0];
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let col = group.x;
  let rows = params.rows;
  let cols = params.cols;

  var sum = 0.0;
  for (var r = local; r < rows; r = r + WG) {
    sum = sum + matrix[r * cols + col];
  }
  let mean = workgroup_sum(local, sum) / f32(max(rows, 1u));

  var squares = 0.0;
  for (var r = local; r < rows; r = r + WG) {
    let d = matrix[r * cols + col] - mean;
    squares = squares + d * d;
  }
  let variance = workgroup_sum(local, squares) / f32(max(rows, 1u));

  if (local == 0u && col < cols) {
    stats[2u * col] = mean;
    stats[2u * col + 1u] = sqrt(variance);
  }
}
