// value_weights: the value sampler's log-weights (BASELINES "value sampler"). With min-max
// (normalize = 1): u = (s - min s) / (max s - min s), 0 where max == min; without (normalize =
// 0, Recency Bias): u = s, which must already lie in [0, 1]. Then q_i = clamp(ceil((1 - u_i) N),
// 1, N) and log w_i = -ln(pressure) q_i / N, i.e. p_i proportional to s^(-q_i / N). A non-finite
// score makes every log-weight NaN, which normalize_log_weights turns into the uniform fallback.
//
// Bindings (group 0):
//   0 params   uniform            { rows, log_pressure, normalize }
//   1 scores   storage, read      array<f32>, rows
//   2 log_w    storage, rw        array<f32>, rows
// Dispatch: ONE workgroup, (1, 1, 1); WG threads (a power of two) stride over the rows.

override WG: u32 = 256u;

struct Params {
  rows: u32,
  log_pressure: f32,
  normalize: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> scores: array<f32>;
@group(0) @binding(2) var<storage, read_write> log_w: array<f32>;

var<workgroup> lows: array<f32, WG>;
var<workgroup> highs: array<f32, WG>;
var<workgroup> bad: array<u32, WG>;

const HUGE: f32 = 3.4e38;

fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) local: u32) {
  let rows = params.rows;
  let n = f32(rows);
  var low = HUGE;
  var high = -HUGE;
  var flag = 0u;
  for (var i = local; i < rows; i = i + WG) {
    let s = scores[i];
    flag = flag | select(0u, 1u, !is_finite(s));
    low = min(low, s);
    high = max(high, s);
  }
  lows[local] = low;
  highs[local] = high;
  bad[local] = flag;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (local < stride) {
      lows[local] = min(lows[local], lows[local + stride]);
      highs[local] = max(highs[local], highs[local + stride]);
      bad[local] = bad[local] | bad[local + stride];
    }
    workgroupBarrier();
  }
  let min_s = lows[0];
  let max_s = highs[0];
  let failed = bad[0] != 0u;
  // A quiet NaN made at run time (a constant NaN is a compile error in WGSL).
  let nan = bitcast<f32>(0x7fc00000u | (params.rows & 0u));
  for (var i = local; i < rows; i = i + WG) {
    let s = scores[i];
    var u = s;
    if (params.normalize == 1u) {
      u = select(0.0, (s - min_s) / (max_s - min_s), max_s > min_s);
    }
    let q = clamp(ceil((1.0 - u) * n), 1.0, n);
    log_w[i] = select(-params.log_pressure * q / n, nan, failed);
  }
}
