// rank_weights: the rank sampler's log-weights (BASELINES "rank sampler"). Instances are ranked
// by score, best (largest) first: r_i = 1 + #{j : s_j > s_i} + #{j < i : s_j == s_i} (ties go
// to the lower index), and log w_i = -ln(s) r_i / N, i.e. p_i proportional to s^(-r_i / N).
// Scores are compared by their order-preserving u32 bits, so the ranking is exact and the same
// as the TypeScript twin's. A non-finite score gives a NaN log-weight, which
// normalize_log_weights turns into the uniform fallback. O(N^2) comparisons, tiled through
// workgroup memory: ranking needs no sort and no extra passes.
//
// Bindings (group 0):
//   0 params   uniform            { rows, log_pressure }
//   1 scores   storage, read      array<f32>, rows
//   2 log_w    storage, rw        array<f32>, rows
// Dispatch: one thread per instance, (ceil(rows / WG), 1, 1).

override WG: u32 = 256u;

struct Params {
  rows: u32,
  log_pressure: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> scores: array<f32>;
@group(0) @binding(2) var<storage, read_write> log_w: array<f32>;

var<workgroup> tile: array<u32, WG>;

fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

// Order-preserving map of an f32 to u32 (larger floats give larger words); non-finite -> 0.
fn order_bits(x: f32) -> u32 {
  let bits = bitcast<u32>(x);
  let mapped = select(bits | 0x80000000u, ~bits, (bits & 0x80000000u) != 0u);
  return select(0u, mapped, is_finite(x));
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let n = params.rows;
  let i = gid.x;
  let in_range = i < n;
  var mine = 0u;
  if (in_range) {
    mine = order_bits(scores[i]);
  }
  var better = 0u;
  for (var start = 0u; start < n; start = start + WG) {
    let j_load = start + local;
    tile[local] = select(0u, order_bits(scores[min(j_load, n - 1u)]), j_load < n);
    workgroupBarrier();
    let count = min(WG, n - start);
    for (var t = 0u; t < count; t = t + 1u) {
      let other = tile[t];
      let j = start + t;
      better = better + select(0u, 1u, other > mine || (other == mine && j < i));
    }
    workgroupBarrier();
  }
  if (in_range) {
    let rank = f32(better + 1u);
    // A quiet NaN made at run time (a constant NaN is a compile error in WGSL).
  let nan = bitcast<f32>(0x7fc00000u | (params.rows & 0u));
    log_w[i] = select(nan, -params.log_pressure * rank / f32(n), is_finite(scores[i]));
  }
}
