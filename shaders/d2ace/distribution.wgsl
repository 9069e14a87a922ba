// d2ace_distribution: the epoch's sampling distribution (D2ACE-SPEC 3.8-3.9). For each score
// vector U (E then H): u = (U - min U) / (max U - min U) (0 if max == min),
// q_i = clamp(ceil((1 - u_i) N), 1, N), w_i = exp(-ln(s) q_i / N), p = w / sum w. Then
// pi = beta p_E + (1 - beta) p_H. A score vector with a non-finite value, or a non-positive
// total, falls back to uniform and raises its flag in `status` (read by inspect()).
//
// Bindings (group 0):
//   0 params   uniform            { rows, log_pressure, beta }
//   1 scores   storage, read      array<f32>, 2 x rows (from d2ace_scores)
//   2 pi       storage, rw        array<f32>, rows
//   3 log_pi   storage, rw        array<f32>, rows (what the sampler reads)
//   4 status   storage, rw        array<u32>, 2: fallback flags for E and H
// Dispatch: ONE workgroup, (1, 1, 1); WG threads (a power of two) stride over the rows.

override WG: u32 = 256u;

struct Params {
  rows: u32,
  log_pressure: f32,
  beta: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> scores: array<f32>;
@group(0) @binding(2) var<storage, read_write> pi: array<f32>;
@group(0) @binding(3) var<storage, read_write> log_pi: array<f32>;
@group(0) @binding(4) var<storage, read_write> status: array<u32>;

var<workgroup> lows: array<vec2<f32>, WG>;
var<workgroup> highs: array<vec2<f32>, WG>;
var<workgroup> bad: array<u32, WG>;

const HUGE: f32 = 3.4e38;

// Checked on the bits: compilers may assume floats are never NaN or infinite.
fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

// Reduces lows (min), highs (max or sum) and bad (or) over the workgroup; results in slot 0.
fn reduce(local: u32, sum_highs: bool) {
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (local < stride) {
      lows[local] = min(lows[local], lows[local + stride]);
      highs[local] = select(max(highs[local], highs[local + stride]), highs[local] + highs[local + stride], sum_highs);
      bad[local] = bad[local] | bad[local + stride];
    }
    workgroupBarrier();
  }
}

fn quantized_weight(score: f32, low: f32, high: f32, n: f32) -> f32 {
  let u = select(0.0, (score - low) / (high - low), high > low);
  let q = clamp(ceil((1.0 - u) * n), 1.0, n);
  return exp(-params.log_pressure * q / n);
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) local: u32) {
  let rows = params.rows;
  let n = f32(rows);

  // Pass 1: min, max and finiteness of both score vectors.
  var low = vec2<f32>(HUGE);
  var high = vec2<f32>(-HUGE);
  var flags = 0u;
  for (var i = local; i < rows; i = i + WG) {
    let s = vec2<f32>(scores[i], scores[rows + i]);
    flags = flags | select(0u, 1u, !is_finite(s.x)) | select(0u, 2u, !is_finite(s.y));
    low = min(low, s);
    high = max(high, s);
  }
  lows[local] = low;
  highs[local] = high;
  bad[local] = flags;
  reduce(local, false);
  let min_s = lows[0];
  let max_s = highs[0];
  var fallback = bad[0];
  workgroupBarrier();

  // Pass 2: the totals of the quantised weights.
  var total = vec2<f32>(0.0);
  for (var i = local; i < rows; i = i + WG) {
    total = total + vec2<f32>(
      quantized_weight(scores[i], min_s.x, max_s.x, n),
      quantized_weight(scores[rows + i], min_s.y, max_s.y, n),
    );
  }
  lows[local] = vec2<f32>(0.0);
  highs[local] = total;
  bad[local] = 0u;
  reduce(local, true);
  let sums = highs[0];
  fallback = fallback | select(0u, 1u, !(is_finite(sums.x) && sums.x > 0.0)) | select(0u, 2u, !(is_finite(sums.y) && sums.y > 0.0));

  // Pass 3: the mixture, and its log for the sampler.
  for (var i = local; i < rows; i = i + WG) {
    let p_e = select(quantized_weight(scores[i], min_s.x, max_s.x, n) / sums.x, 1.0 / n, (fallback & 1u) != 0u);
    let p_h = select(quantized_weight(scores[rows + i], min_s.y, max_s.y, n) / sums.y, 1.0 / n, (fallback & 2u) != 0u);
    let p = params.beta * p_e + (1.0 - params.beta) * p_h;
    pi[i] = p;
    log_pi[i] = log(p);
  }
  if (local == 0u) {
    status[0] = fallback & 1u;
    status[1] = (fallback >> 1u) & 1u;
  }
}
