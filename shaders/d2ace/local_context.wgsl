// d2ace_local_context: the local label context Z (D2ACE-SPEC 3.4): Z[i, j] = 1 if any of the
// R = k + 1 instances in row i of `neighbors` (the instance itself and its k nearest) has label j.
//
// Bindings (group 0):
//   0 params     uniform            { rows, labels, width }  (width = R)
//   1 neighbors  storage, read      array<u32>, rows x R
//   2 labels     storage, read      array<f32>, rows x labels, 0/1
//   3 context    storage, rw        array<f32>, rows x labels, 0/1
// Dispatch: one invocation per entry of Z, folded to 2-D: gid.x + gid.y * num_workgroups.x * WG.

override WG: u32 = 256u;

struct Params {
  rows: u32,
  labels: u32,
  width: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> neighbors: array<u32>;
@group(0) @binding(2) var<storage, read> labels: array<f32>;
@group(0) @binding(3) var<storage, read_write> context: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = gid.x + gid.y * groups.x * WG;
  let L = params.labels;
  if (index >= params.rows * L) {
    return;
  }
  let i = index / L;
  let j = index % L;
  var any = 0.0;
  for (var r = 0u; r < params.width; r = r + 1u) {
    any = max(any, labels[neighbors[i * params.width + r] * L + j]);
  }
  context[index] = any;
}
