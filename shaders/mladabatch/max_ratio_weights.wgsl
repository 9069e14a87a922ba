// mladabatch_max_ratio_weights: MLAdaBatch's log-weights (BASELINES "Hard and imbalanced
// samples"), p_i proportional to s^(q_i / N) with
//   q_i = clamp(ceil((score_i / max score) * N), 0, N)   (f32, the ratio first),
// so log w_i = ln(s) * q_i / N rises with the score: the highest score gets s times the weight
// of a zero score. Unlike the shared value sampler there is no min subtraction. A max score
// <= 0 (every score 0) gives q = 0 everywhere: uniform by definition, not a fallback. A
// non-finite score makes every log-weight NaN, which normalize_log_weights turns into the
// uniform fallback (and its flag). The twin (reference.ts) takes the same f32 steps, so q lands
// on the same integer.
//
// Bindings (group 0):
//   0 params   uniform            { rows, log_pressure }  (log_pressure = f32(ln s))
//   1 scores   storage, read      array<f32>, rows: score_i (score.wgsl)
//   2 log_w    storage, rw        array<f32>, rows
// Dispatch: ONE workgroup, (1, 1, 1); WG threads (a power of two) stride over the rows.

override WG: u32 = 256u;

struct Params {
  rows: u32,
  log_pressure: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> scores: array<f32>;
@group(0) @binding(2) var<storage, read_write> log_w: array<f32>;

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
  var high = -HUGE;
  var flag = 0u;
  for (var i = local; i < rows; i = i + WG) {
    let s = scores[i];
    flag = flag | select(0u, 1u, !is_finite(s));
    high = max(high, s);
  }
  highs[local] = high;
  bad[local] = flag;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (local < stride) {
      highs[local] = max(highs[local], highs[local + stride]);
      bad[local] = bad[local] | bad[local + stride];
    }
    workgroupBarrier();
  }
  let max_s = highs[0];
  let failed = bad[0] != 0u;
  // A quiet NaN made at run time (a constant NaN is a compile error in WGSL).
  let nan = bitcast<f32>(0x7fc00000u | (params.rows & 0u));
  for (var i = local; i < rows; i = i + WG) {
    var q = 0.0;
    if (max_s > 0.0) {
      q = clamp(ceil((scores[i] / max_s) * n), 0.0, n);
    }
    log_w[i] = select(params.log_pressure * q / n, nan, failed);
  }
}
