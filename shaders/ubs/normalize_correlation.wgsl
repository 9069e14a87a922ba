// ubs_normalize_correlation: each row j of the mutual-information matrix divided by its maximum
// (the diagonal H(bin_j) is that maximum), the diagonal set to 1, and a row whose maximum is 0
// (a constant column) left 0 off the diagonal; then the label weight c_j = sum_k I_jk that the
// score uses (BASELINES: w_i = sum_j E~_ij * sum_k I_jk).
//
// Bindings (group 0):
//   0 params   uniform            { labels }
//   1 mi       storage, read      array<f32>, labels x labels (ubs_mutual_information)
//   2 corr     storage, rw        array<f32>, labels x labels: the normalised I
//   3 weights  storage, rw        array<f32>, labels: c_j
// Dispatch: one workgroup per row, (labels, 1, 1); WG threads (a power of two) stride over k.

override WG: u32 = 64u;

struct Params {
  labels: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> mi: array<f32>;
@group(0) @binding(2) var<storage, read_write> corr: array<f32>;
@group(0) @binding(3) var<storage, read_write> weights: array<f32>;

var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let L = params.labels;
  let j = group.x;
  var high = 0.0;
  for (var k = local; k < L; k = k + WG) {
    high = max(high, mi[j * L + k]);
  }
  partial[local] = high;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (local < stride) {
      partial[local] = max(partial[local], partial[local + stride]);
    }
    workgroupBarrier();
  }
  let top = partial[0];
  workgroupBarrier();
  var sum = 0.0;
  for (var k = local; k < L; k = k + WG) {
    let value = select(select(0.0, mi[j * L + k] / top, top > 0.0), 1.0, k == j);
    corr[j * L + k] = value;
    sum = sum + value;
  }
  partial[local] = sum;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (local < stride) {
      partial[local] = partial[local] + partial[local + stride];
    }
    workgroupBarrier();
  }
  if (local == 0u) {
    weights[j] = partial[0];
  }
}
