// active_bias_score: Active Bias's per-epoch instance scores (BASELINES "Active Bias").
// Per entry, the population variance v = M2 / n of p_ij over the n visits so far, and
//   std_ij = sqrt(v + v^2 / (n - 1))   (0 when n <= 1),
// the instance score s_i = sum_j std_ij + epsilon (labels summed in order 0..L-1, like the
// TypeScript twin), and log w_i = log(s_i): in sampling mode p_i is proportional to s_i,
// through the shared normalize_log_weights. A non-finite p makes s_i non-finite; log w_i is
// then s_i itself, not log(s_i) (log of NaN need not be NaN on every GPU: SwiftShader gives a
// finite value), which normalize_log_weights turns into its uniform fallback.
//
// Bindings (group 0):
//   0 params   uniform            { rows, labels, epsilon }
//   1 count    storage, read      array<u32>, N: visits per instance
//   2 m2       storage, read      array<f32>, N x L: sums of squared deviations (observe.wgsl)
//   3 scores   storage, rw        array<f32>, N: s_i
//   4 log_w    storage, rw        array<f32>, N: log s_i
// Dispatch: one thread per instance, linearWorkgroups(rows, WG): the flat index is
// gid.x + gid.y * num_workgroups.x * WG.

override WG: u32 = 64u;

struct Params {
  rows: u32,
  labels: u32,
  epsilon: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> count: array<u32>;
@group(0) @binding(2) var<storage, read> m2: array<f32>;
@group(0) @binding(3) var<storage, read_write> scores: array<f32>;
@group(0) @binding(4) var<storage, read_write> log_w: array<f32>;

fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= params.rows) {
    return;
  }
  let L = params.labels;
  let visits = count[i];
  var total = 0.0;
  if (visits > 1u) {
    let n = f32(visits);
    for (var j = 0u; j < L; j = j + 1u) {
      let v = m2[i * L + j] / n;
      total = total + sqrt(v + v * v / (n - 1.0));
    }
  }
  let s = total + params.epsilon;
  scores[i] = s;
  log_w[i] = select(s, log(s), is_finite(s));
}
