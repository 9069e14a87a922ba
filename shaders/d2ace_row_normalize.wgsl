// d2ace_row_normalize: divides every row of a square matrix by (its sum + eps), in place
// (D2ACE-SPEC 3.5: rows of the label correlation C sum to 1; the diagonal is kept).
//
// Bindings (group 0):
//   0 params  uniform            { size, epsilon }
//   1 matrix  storage, rw        array<f32>, size x size
// Dispatch: one workgroup per row, (size, 1, 1); WG threads (a power of two) stride over columns.

override WG: u32 = 256u;

struct Params {
  size: u32,
  epsilon: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> matrix: array<f32>;

var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let row = group.x * params.size;
  var sum = 0.0;
  for (var c = local; c < params.size; c = c + WG) {
    sum = sum + matrix[row + c];
  }
  partial[local] = sum;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (local < stride) {
      partial[local] = partial[local] + partial[local + stride];
    }
    workgroupBarrier();
  }
  let denominator = partial[0] + params.epsilon;
  for (var c = local; c < params.size; c = c + WG) {
    matrix[row + c] = matrix[row + c] / denominator;
  }
}
