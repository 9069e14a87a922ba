// mladabatch_imbalance_weights: MLAdaBatch's imbalance weight of every instance (BASELINES
// "Hard and imbalanced samples"), computed once before training:
//   W_i = 1 + sum over minority labels j that i has, with 1 <= k_ij <= k - 1, of f32(k_ij) / f32(K_j),
// k_ij = how many of i's k neighbours lack label j (as label_counts.wgsl counts it), K_j its
// column total of kept values (so k_ij / K_j is the kept C_ij = k_ij / k divided by the column
// sum of kept C, exactly as the authors' calweight, without the 1/k that cancels). The sum runs
// j = 0, 1, ... in f32 and 1 is added last, so the twin (reference.ts) repeats it. K_j >= k_ij >= 1
// wherever a term is added.
//
// Bindings (group 0):
//   0 params           uniform            { rows, labels, width }  (width = k + 1, self first)
//   1 labels           storage, read      array<f32>, rows x labels, 0/1
//   2 neighbors        storage, read      array<u32>, rows x width: i, then its k nearest
//   3 minority         storage, read      array<u32>, labels: 1 for a minority label (minority.wgsl)
//   4 mismatch_totals  storage, read      array<u32>, labels: K_j (label_counts.wgsl)
//   5 weights          storage, rw        array<f32>, rows: W_i >= 1
// Dispatch: one thread per instance, linearWorkgroups(rows, WG): the flat index is
// gid.x + gid.y * num_workgroups.x * WG.

override WG: u32 = 64u;

struct Params {
  rows: u32,
  labels: u32,
  width: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> labels: array<f32>;
@group(0) @binding(2) var<storage, read> neighbors: array<u32>;
@group(0) @binding(3) var<storage, read> minority: array<u32>;
@group(0) @binding(4) var<storage, read> mismatch_totals: array<u32>;
@group(0) @binding(5) var<storage, read_write> weights: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= params.rows) {
    return;
  }
  let L = params.labels;
  let width = params.width;
  let k = width - 1u;
  var sum = 0.0;
  for (var j = 0u; j < L; j = j + 1u) {
    if (minority[j] == 0u || labels[i * L + j] <= 0.5) {
      continue;
    }
    var mismatches = 0u;
    for (var r = 1u; r < width; r = r + 1u) {
      mismatches = mismatches + select(0u, 1u, labels[neighbors[i * width + r] * L + j] <= 0.5);
    }
    if (mismatches >= 1u && mismatches < k) {
      sum = sum + f32(mismatches) / f32(mismatch_totals[j]);
    }
  }
  weights[i] = 1.0 + sum;
}
