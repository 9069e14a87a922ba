// mladabatch_label_counts: per label j, the integers MLAdaBatch's imbalance weights start from
// (BASELINES "Hard and imbalanced samples"):
//   positives[j]       = n_j, the training instances with label j;
//   mismatch_totals[j] = K_j = sum of k_ij over the positive instances i of j with
//                        1 <= k_ij <= k - 1 (0 < C_ij = k_ij / k < 1, the kept values),
// where k_ij = how many of i's k neighbours (row i of `neighbors` after i itself) lack label j.
// K_j is written for every label; minority.wgsl decides later which labels count. Both are u32
// sums, so the order of the reduction does not matter and the twin (reference.ts) is exact.
// A label is "present" when labels[i, j] > 0.5 (the labels are 0/1 floats).
//
// Bindings (group 0):
//   0 params           uniform            { rows, labels, width }  (width = k + 1, self first)
//   1 labels           storage, read      array<f32>, rows x labels, 0/1
//   2 neighbors        storage, read      array<u32>, rows x width: i, then its k nearest
//   3 positives        storage, rw        array<u32>, labels: n_j
//   4 mismatch_totals  storage, rw        array<u32>, labels: K_j
// Dispatch: one workgroup per label, (labels, 1, 1), folded into (x, y, 1) beyond the
// per-dimension limit (j = group.x + group.y * num_workgroups.x); WG threads (a power of two)
// stride over the rows.

override WG: u32 = 64u;

struct Params {
  rows: u32,
  labels: u32,
  width: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> labels: array<f32>;
@group(0) @binding(2) var<storage, read> neighbors: array<u32>;
@group(0) @binding(3) var<storage, read_write> positives: array<u32>;
@group(0) @binding(4) var<storage, read_write> mismatch_totals: array<u32>;

var<workgroup> positive_part: array<u32, WG>;
var<workgroup> kept_part: array<u32, WG>;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
) {
  let j = group.x + group.y * groups.x;
  if (j >= params.labels) {
    return;
  }
  let L = params.labels;
  let width = params.width;
  let k = width - 1u;
  var positive = 0u;
  var kept = 0u;
  for (var i = local; i < params.rows; i = i + WG) {
    if (labels[i * L + j] > 0.5) {
      positive = positive + 1u;
      // k_ij: neighbours r = 1..k (r = 0 is i itself) without label j.
      var mismatches = 0u;
      for (var r = 1u; r < width; r = r + 1u) {
        mismatches = mismatches + select(0u, 1u, labels[neighbors[i * width + r] * L + j] <= 0.5);
      }
      if (mismatches >= 1u && mismatches < k) {
        kept = kept + mismatches;
      }
    }
  }
  positive_part[local] = positive;
  kept_part[local] = kept;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (local < stride) {
      positive_part[local] = positive_part[local] + positive_part[local + stride];
      kept_part[local] = kept_part[local] + kept_part[local + stride];
    }
    workgroupBarrier();
  }
  if (local == 0u) {
    positives[j] = positive_part[0];
    mismatch_totals[j] = kept_part[0];
  }
}
