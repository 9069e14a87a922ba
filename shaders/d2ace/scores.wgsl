// d2ace_scores: the two usefulness scores of every instance (D2ACE-SPEC 3.6-3.7):
//   score_M[i] = sum_j v_M[j] M[i, j] + sum_j v_M[j] M[i, j] Y[i, j] S_M[i, j],  M in {E, H},
//   S_M[i, j] = sum_k Z[i, k] C_M[j, k]  (the correlation strength, S = Z C^T),
// with H computed from loss and F. S is only needed where Y[i, j] = 1, so it is computed there
// and never stored: O(N L + nnz(Y) L) instead of a dense N x L x L product.
// An instance with a non-finite E entry (only with nan: 'reference') gets a NaN uncertainty
// score, tested on the bits, so d2ace_distribution sees it and makes p_E uniform.
// Prepend shaders/lib/d2ace_common.wgsl.
//
// Bindings (group 0):
//   0 params   uniform            { rows, labels, loss_norm }
//   1 uncert   storage, read      array<f32>, rows x labels (E)
//   2 loss     storage, read      array<f32>, rows x labels
//   3 flips    storage, read      array<f32>, rows x labels (F)
//   4 labels   storage, read      array<f32>, rows x labels (Y)
//   5 context  storage, read      array<f32>, rows x labels (Z)
//   6 stats    storage, read      array<f32>, labels x 4 (weights in columns 0 and 1)
//   7 corr     storage, read      array<f32>, 2 x labels x labels: row-normalised [C_E..., C_H...]
//   8 scores   storage, rw        array<f32>, 2 x rows: [score_E..., score_H...]
// Dispatch: one invocation per instance, folded to 2-D: gid.x + gid.y * num_workgroups.x * WG.

override WG: u32 = 64u;

struct Params {
  rows: u32,
  labels: u32,
  loss_norm: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> uncert: array<f32>;
@group(0) @binding(2) var<storage, read> loss: array<f32>;
@group(0) @binding(3) var<storage, read> flips: array<f32>;
@group(0) @binding(4) var<storage, read> labels: array<f32>;
@group(0) @binding(5) var<storage, read> context: array<f32>;
@group(0) @binding(6) var<storage, read> stats: array<f32>;
@group(0) @binding(7) var<storage, read> corr: array<f32>;
@group(0) @binding(8) var<storage, read_write> scores: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= params.rows) {
    return;
  }
  let L = params.labels;
  var score_e = 0.0;
  var score_h = 0.0;
  var undefined_e = false;
  for (var j = 0u; j < L; j = j + 1u) {
    let k = i * L + j;
    undefined_e = undefined_e || (bitcast<u32>(uncert[k]) & 0x7f800000u) == 0x7f800000u;
    let e = stats[4u * j] * uncert[k];
    let h = stats[4u * j + 1u] * hardness(loss[k], flips[k], params.loss_norm);
    var strength_e = 0.0;
    var strength_h = 0.0;
    if (labels[k] != 0.0) {
      for (var c = 0u; c < L; c = c + 1u) {
        let z = context[i * L + c];
        strength_e = strength_e + z * corr[j * L + c];
        strength_h = strength_h + z * corr[(L + j) * L + c];
      }
    }
    score_e = score_e + e * (1.0 + labels[k] * strength_e);
    score_h = score_h + h * (1.0 + labels[k] * strength_h);
  }
  scores[i] = select(score_e, bitcast<f32>(0x7fc00000u | (L & 0u)), undefined_e);
  scores[params.rows + i] = score_h;
}
