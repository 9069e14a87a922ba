// d2ace_masked_normalize: the relevant-entry matrices with unit columns (D2ACE-SPEC 3.5):
//   out_E[i, j] = E[i, j] Y[i, j] / (norm_E[j] + eps),  out_H likewise with H from loss and F.
// Prepend shaders/lib/d2ace_common.wgsl.
//
// Bindings (group 0):
//   0 params   uniform            { rows, labels, loss_norm, epsilon }
//   1 uncert   storage, read      array<f32>, rows x labels (E)
//   2 loss     storage, read      array<f32>, rows x labels
//   3 flips    storage, read      array<f32>, rows x labels (F)
//   4 labels   storage, read      array<f32>, rows x labels (Y)
//   5 stats    storage, read      array<f32>, labels x 4 from d2ace_label_stats
//   6 unit_e   storage, rw        array<f32>, rows x labels
//   7 unit_h   storage, rw        array<f32>, rows x labels
// Dispatch: one invocation per entry, folded to 2-D: gid.x + gid.y * num_workgroups.x * WG.

override WG: u32 = 256u;

struct Params {
  rows: u32,
  labels: u32,
  loss_norm: u32,
  epsilon: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> uncert: array<f32>;
@group(0) @binding(2) var<storage, read> loss: array<f32>;
@group(0) @binding(3) var<storage, read> flips: array<f32>;
@group(0) @binding(4) var<storage, read> labels: array<f32>;
@group(0) @binding(5) var<storage, read> stats: array<f32>;
@group(0) @binding(6) var<storage, read_write> unit_e: array<f32>;
@group(0) @binding(7) var<storage, read_write> unit_h: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = gid.x + gid.y * groups.x * WG;
  if (index >= params.rows * params.labels) {
    return;
  }
  let j = index % params.labels;
  let y = labels[index];
  let h = hardness(loss[index], flips[index], params.loss_norm);
  unit_e[index] = uncert[index] * y / (stats[4u * j + 2u] + params.epsilon);
  unit_h[index] = h * y / (stats[4u * j + 3u] + params.epsilon);
}
