// mladabatch_score: MLAdaBatch's per-epoch instance score (BASELINES "Hard and imbalanced
// samples"): score_i = loss_i * W_i, the instance loss at its latest visit (OBS's obs_observe
// keeps it) times the imbalance weight (imbalance_weights.wgsl; 1 without imbalance weights).
// One f32 multiply, so the twin's Math.fround(loss * W) is the same number.
//
// Bindings (group 0):
//   0 params   uniform            { rows }
//   1 loss     storage, read      array<f32>, rows: mean BCE at the latest visit
//   2 weights  storage, read      array<f32>, rows: W_i
//   3 scores   storage, rw        array<f32>, rows: score_i
// Dispatch: one thread per instance, linearWorkgroups(rows, WG): the flat index is
// gid.x + gid.y * num_workgroups.x * WG.

override WG: u32 = 256u;

struct Params {
  rows: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> loss: array<f32>;
@group(0) @binding(2) var<storage, read> weights: array<f32>;
@group(0) @binding(3) var<storage, read_write> scores: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= params.rows) {
    return;
  }
  scores[i] = loss[i] * weights[i];
}
