// ubs_scores: UBS's instance score w_i = sum_j level(bin_ij) * c_j, level = 0.1 + 0.2 bin (the
// centre of E's bin), c_j the label weight of ubs_normalize_correlation (all 1 without the
// correlation: the released code and epochs before correlationStart). Summed j = 0, 1, ... in
// f32, so the twin reproduces it step by step.
//
// Bindings (group 0):
//   0 params   uniform            { rows, labels }
//   1 bins     storage, read      array<u32>, rows x labels
//   2 weights  storage, read      array<f32>, labels: c_j
//   3 scores   storage, rw        array<f32>, rows
// Dispatch: one invocation per instance, folded to 2-D: gid.x + gid.y * num_workgroups.x * WG.

override WG: u32 = 64u;

struct Params {
  rows: u32,
  labels: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> bins: array<u32>;
@group(0) @binding(2) var<storage, read> weights: array<f32>;
@group(0) @binding(3) var<storage, read_write> scores: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= params.rows) {
    return;
  }
  // A function-scope array: indexed by a runtime bin.
  var levels = array<f32, 5>(0.1, 0.3, 0.5, 0.7, 0.9);
  let L = params.labels;
  var total = 0.0;
  for (var j = 0u; j < L; j = j + 1u) {
    total = total + levels[bins[i * L + j]] * weights[j];
  }
  scores[i] = total;
}
