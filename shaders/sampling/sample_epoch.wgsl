// sample_epoch: draws every batch of an epoch at once, for every method that samples
// (D2ACE-SPEC 4; BASELINES: batches of B drawn without replacement from the distribution).
// Keys are  log(pi_i) + Gumbel_i,  Gumbel_i = -log(-log(u)),  u = rng(seed, epoch, stream, i)
// from shaders/lib/rng.wgsl (prepended, with shaders/lib/scan.wgsl). Sorting the keys in
// decreasing order is successive sampling without replacement with probability proportional
// to the remaining weight, so the top B keys are one weighted batch. Two modes:
//   mode 0 ('independent'): batch g takes the top B keys of its own stream first_batch + g:
//     every batch is an independent draw (an instance can come again in the next batch).
//   mode 1 ('epoch'): one stream (first_batch) for the whole epoch; batch g takes the keys of
//     ranks [gB, gB + B): the epoch is ONE weighted random permutation cut into batches. When
//     B does not divide N the last batch is completed with ranks [0, gB + B - N) (the
//     epoch's first instances again). Batch 0 equals mode 0's batch 0.
// Ranks order keys by value, ties to the lower index. S(r), the top r, is found by a radix
// select on the keys' order-preserving bits (4 passes of 8 bits, histograms in workgroup
// memory) giving the r-th key and how many keys equal to it belong to S(r); a batch is
// S(hi) minus S(lo) (or its complement, for the wrapped last batch). The chosen indices are
// written in increasing index order, so a batch is a deterministic function of
// (seed, epoch, stream, mode). Keys are recomputed in each pass instead of stored: memory O(N).
//
// Bindings (group 0):
//   0 params   uniform            { rows, batch, seed, epoch, first_batch, batches, mode }
//   1 log_pi   storage, read      array<f32>, rows
//   2 out      storage, rw        array<i32>, batches x batch
// Dispatch: one workgroup per batch, (batches, 1, 1).

override WG: u32 = 256u;

struct Params {
  rows: u32,
  batch: u32,
  seed: u32,
  epoch: u32,
  first_batch: u32,
  batches: u32,
  mode: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> log_pi: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<i32>;

var<workgroup> histogram: array<atomic<u32>, 256>;
var<workgroup> chosen_prefix: u32;
var<workgroup> chosen_needed: u32;

// Order-preserving map of an f32 to u32: larger floats give larger words.
fn key_bits(i: u32, stream: u32) -> u32 {
  let u = rng_open_uniform(rng_u32_4(params.seed, params.epoch, stream, i));
  let key = log_pi[i] - log(-log(u));
  let bits = bitcast<u32>(key);
  return select(bits | 0x80000000u, ~bits, (bits & 0x80000000u) != 0u);
}

// The bits of the r-th largest key (r >= 1) and how many keys equal to it are in S(r).
// Called by the whole workgroup in uniform control flow; [begin, end) is this thread's chunk.
fn select_rank(r: u32, stream: u32, begin: u32, end: u32, local: u32) -> vec2<u32> {
  var prefix = 0u;
  var mask = 0u;
  var needed = r;
  for (var level = 0u; level < 4u; level = level + 1u) {
    let shift = 24u - 8u * level;
    for (var h = local; h < 256u; h = h + WG) {
      atomicStore(&histogram[h], 0u);
    }
    workgroupBarrier();
    for (var i = begin; i < end; i = i + 1u) {
      let bits = key_bits(i, stream);
      if ((bits & mask) == prefix) {
        atomicAdd(&histogram[(bits >> shift) & 255u], 1u);
      }
    }
    workgroupBarrier();
    if (local == 0u) {
      var above = 0u;
      var digit = 255u;
      loop {
        let c = atomicLoad(&histogram[digit]);
        if (above + c >= needed || digit == 0u) {
          break;
        }
        above = above + c;
        digit = digit - 1u;
      }
      chosen_prefix = prefix | (digit << shift);
      chosen_needed = needed - above;
    }
    workgroupBarrier();
    prefix = chosen_prefix;
    needed = chosen_needed;
    mask = mask | (255u << shift);
    workgroupBarrier();
  }
  return vec2<u32>(prefix, needed);
}

// This thread's share of S(r): (its keys in S(r), its keys equal to the threshold in S(r)).
// Ties go to lower indices, i.e. to earlier threads first (chunks are contiguous, in order).
fn chunk_in_top(threshold: vec2<u32>, stream: u32, begin: u32, end: u32, local: u32) -> vec2<u32> {
  var greater = 0u;
  var ties = 0u;
  for (var i = begin; i < end; i = i + 1u) {
    let bits = key_bits(i, stream);
    greater = greater + select(0u, 1u, bits > threshold.x);
    ties = ties + select(0u, 1u, bits == threshold.x);
  }
  let before = workgroup_scan(local, ties).x - ties;
  let mine = min(ties, threshold.y - min(threshold.y, before));
  return vec2<u32>(greater + mine, mine);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let n = params.rows;
  let chunk = (n + WG - 1u) / WG;
  let begin = min(local * chunk, n);
  let end = min(begin + chunk, n);

  // The batch is (S(hi) minus S(lo)), complemented when `invert` (S(0) is empty).
  var stream = params.first_batch + group.x;
  var lo = 0u;
  var hi = params.batch;
  var invert = false;
  if (params.mode == 1u) {
    stream = params.first_batch;
    let start = group.x * params.batch;
    let finish = start + params.batch;
    if (finish <= n) {
      lo = start;
      hi = finish;
    } else {
      lo = finish - n;
      hi = start;
      invert = true;
    }
  }
  let t_hi = select_rank(hi, stream, begin, end, local);
  let top_hi = chunk_in_top(t_hi, stream, begin, end, local);
  var t_lo = vec2<u32>(0xffffffffu, 0u);
  var top_lo = vec2<u32>(0u, 0u);
  if (lo > 0u) {
    t_lo = select_rank(lo, stream, begin, end, local);
    top_lo = chunk_in_top(t_lo, stream, begin, end, local);
  }
  // S(lo) is inside S(hi), so this thread holds top_hi.x - top_lo.x of the batch (or the rest).
  let inside = top_hi.x - top_lo.x;
  let taken = select(inside, (end - begin) - inside, invert);
  var position = workgroup_scan(local, taken).x - taken;

  let base = group.x * params.batch;
  var budget_hi = top_hi.y;
  var budget_lo = top_lo.y;
  for (var i = begin; i < end; i = i + 1u) {
    let bits = key_bits(i, stream);
    var in_hi = bits > t_hi.x;
    if (bits == t_hi.x && budget_hi > 0u) {
      in_hi = true;
      budget_hi = budget_hi - 1u;
    }
    var in_lo = lo > 0u && bits > t_lo.x;
    if (lo > 0u && bits == t_lo.x && budget_lo > 0u) {
      in_lo = true;
      budget_lo = budget_lo - 1u;
    }
    if ((in_hi && !in_lo) != invert) {
      out[base + position] = i32(i);
      position = position + 1u;
    }
  }
}
