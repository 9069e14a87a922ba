// normalize_log_weights: a distribution from log-weights, shared by every sampling method.
// m = max log w, Z = sum exp(log w - m), pi_i = exp(log w_i - m) / Z, log pi_i = log w_i - m -
// log Z (log-space, so large pressures cannot overflow). If any log-weight is non-finite (NaN
// from a score the method could not compute) the distribution falls back to uniform and
// status[0] = 1, which the selector reads without blocking and reports as a warning.
//
// Bindings (group 0):
//   0 params   uniform            { rows }
//   1 log_w    storage, read      array<f32>, rows
//   2 pi       storage, rw        array<f32>, rows
//   3 log_pi   storage, rw        array<f32>, rows (what sample_epoch reads)
//   4 status   storage, rw        array<u32>, 1: the fallback flag
// Dispatch: ONE workgroup, (1, 1, 1); WG threads (a power of two) stride over the rows.

override WG: u32 = 256u;

struct Params {
  rows: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> log_w: array<f32>;
@group(0) @binding(2) var<storage, read_write> pi: array<f32>;
@group(0) @binding(3) var<storage, read_write> log_pi: array<f32>;
@group(0) @binding(4) var<storage, read_write> status: array<u32>;

var<workgroup> partial: array<f32, WG>;
var<workgroup> bad: array<u32, WG>;

const HUGE: f32 = 3.4e38;

fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

fn reduce(local: u32, sum: bool) {
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (local < stride) {
      partial[local] = select(max(partial[local], partial[local + stride]), partial[local] + partial[local + stride], sum);
      bad[local] = bad[local] | bad[local + stride];
    }
    workgroupBarrier();
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) local: u32) {
  let rows = params.rows;
  var high = -HUGE;
  var flag = 0u;
  for (var i = local; i < rows; i = i + WG) {
    let w = log_w[i];
    flag = flag | select(0u, 1u, !is_finite(w));
    high = max(high, w);
  }
  partial[local] = high;
  bad[local] = flag;
  reduce(local, false);
  let m = partial[0];
  let failed = bad[0] != 0u;
  workgroupBarrier();

  var total = 0.0;
  for (var i = local; i < rows; i = i + WG) {
    total = total + exp(log_w[i] - m);
  }
  partial[local] = total;
  bad[local] = 0u;
  reduce(local, true);
  let log_total = log(partial[0]);

  let uniform_log = -log(f32(rows));
  for (var i = local; i < rows; i = i + WG) {
    let lp = select(log_w[i] - m - log_total, uniform_log, failed);
    log_pi[i] = lp;
    pi[i] = exp(lp);
  }
  if (local == 0u) {
    status[0] = select(0u, 1u, failed);
  }
}
