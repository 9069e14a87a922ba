// d2ace_label_stats: per-label statistics of one epoch (D2ACE-SPEC 3.3 and 3.5), for the
// uncertainty E and the hardness H (computed here from loss and F):
//   weight_M[j] = exp(0.5 * mean_i M[i, j] + 0.5 * std_i M[i, j])   (population std)
//   norm_M[j]   = || M[:, j] * Y[:, j] ||_2                          (relevant entries only)
// Prepend shaders/lib/d2ace_common.wgsl.
//
// Bindings (group 0):
//   0 params   uniform            { rows, labels, loss_norm }
//   1 uncert   storage, read      array<f32>, rows x labels (E)
//   2 loss     storage, read      array<f32>, rows x labels
//   3 flips    storage, read      array<f32>, rows x labels (F)
//   4 labels   storage, read      array<f32>, rows x labels (Y, 0/1)
//   5 stats    storage, rw        array<f32>, labels x 4: [weight_E, weight_H, norm_E, norm_H]
// Dispatch: one workgroup per label, (labels, 1, 1); WG threads (a power of two) stride over rows.

override WG: u32 = 256u;

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
@group(0) @binding(5) var<storage, read_write> stats: array<f32>;

var<workgroup> partial: array<vec4<f32>, WG>;

fn workgroup_sum(local: u32, value: vec4<f32>) -> vec4<f32> {
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
  let j = group.x;
  let L = params.labels;
  let n = params.rows;

  // Pass 1: sums of E and H, and of their squared relevant entries.
  var sums = vec4<f32>(0.0);
  for (var i = local; i < n; i = i + WG) {
    let k = i * L + j;
    let e = uncert[k];
    let h = hardness(loss[k], flips[k], params.loss_norm);
    let y = labels[k];
    sums = sums + vec4<f32>(e, h, e * e * y, h * h * y);
  }
  let totals = workgroup_sum(local, sums);
  let mean_e = totals.x / f32(n);
  let mean_h = totals.y / f32(n);

  // Pass 2: squared deviations (two-pass variance).
  var squares = vec4<f32>(0.0);
  for (var i = local; i < n; i = i + WG) {
    let k = i * L + j;
    let de = uncert[k] - mean_e;
    let dh = hardness(loss[k], flips[k], params.loss_norm) - mean_h;
    squares = squares + vec4<f32>(de * de, dh * dh, 0.0, 0.0);
  }
  let deviations = workgroup_sum(local, squares);

  if (local == 0u) {
    stats[4u * j] = exp(0.5 * mean_e + 0.5 * sqrt(deviations.x / f32(n)));
    stats[4u * j + 1u] = exp(0.5 * mean_h + 0.5 * sqrt(deviations.y / f32(n)));
    stats[4u * j + 2u] = sqrt(totals.z);
    stats[4u * j + 3u] = sqrt(totals.w);
  }
}
