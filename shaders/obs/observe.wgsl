// obs_observe: Online Batch Selection's per-step update (BASELINES "Online Batch Selection"):
// the instance loss of each batch row is the mean of its per-entry BCE over the L labels,
//   loss[i] = (sum_j bce[b, j]) * inv_labels,   inv_labels = f32(1 / L),
// stored for instance i = indices[b] (its latest visit), and count[i] += visit (1 for a
// training step, 0 for a full evaluation pass, which refreshes the loss but is no visit).
// The sum has a fixed order, so the TypeScript twin (reference.ts) reproduces it bit for bit:
// thread t adds bce[b, t], bce[b, t + WG], ... in turn, then a tree over the WG partial sums
// (stride WG/2, ..., 1) in workgroup memory; the mean is one multiply (correctly rounded in
// WGSL, unlike a division).
//
// Bindings (group 0):
//   0 params   uniform            { batch, labels, inv_labels, visit }
//   1 indices  storage, read      array<i32>, batch: the rows' instance indices (distinct)
//   2 bce      storage, read      array<f32>, batch x labels: per-entry BCE of the rows
//   3 loss     storage, rw        array<f32>, N: instance loss at its latest observation
//   4 count    storage, rw        array<u32>, N: training visits so far
// Dispatch: one workgroup per batch row, (batch, 1, 1), folded into (x, y, 1) beyond the
// per-dimension limit (row = group.x + group.y * num_workgroups.x); WG threads (a power of
// two) stride over the labels.

override WG: u32 = 64u;

struct Params {
  batch: u32,
  labels: u32,
  inv_labels: f32,
  visit: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> indices: array<i32>;
@group(0) @binding(2) var<storage, read> bce: array<f32>;
@group(0) @binding(3) var<storage, read_write> loss: array<f32>;
@group(0) @binding(4) var<storage, read_write> count: array<u32>;

var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
) {
  let b = group.x + group.y * groups.x;
  if (b >= params.batch) {
    return;
  }
  let L = params.labels;
  var sum = 0.0;
  for (var j = local; j < L; j = j + WG) {
    sum = sum + bce[b * L + j];
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
    let i = u32(indices[b]);
    loss[i] = partial[0] * params.inv_labels;
    count[i] = count[i] + params.visit;
  }
}
