// sample_epoch: draws every batch of an epoch at once, for every method that samples
// (D2ACE-SPEC 4; BASELINES: batches of B drawn without replacement from the distribution).
// Batch g takes the B largest keys  log(pi_i) + Gumbel_i,  Gumbel_i = -log(-log(u)),
// u = rng(seed, epoch, g, i) from shaders/lib/rng.wgsl (prepended, with shaders/lib/scan.wgsl):
// B distinct instances drawn without replacement with probability proportional to the
// remaining weight. Adding a constant to log(pi) changes nothing, so log-weights need not be
// normalised. The B-th largest key is found by a radix select on the keys' order-preserving
// bits (4 passes of 8 bits, histograms in workgroup memory); the chosen indices are written in
// increasing index order (ties at the threshold go to the lower indices), so a batch is a
// deterministic function of (seed, epoch, g). Keys are recomputed in each pass instead of
// stored: memory stays O(N).
//
// Bindings (group 0):
//   0 params   uniform            { rows, batch, seed, epoch, first_batch, batches }
//   1 log_pi   storage, read      array<f32>, rows
//   2 out      storage, rw        array<i32>, batches x batch
// Dispatch: one workgroup per batch, (batches, 1, 1); batch g uses stream first_batch + g.

override WG: u32 = 256u;

struct Params {
  rows: u32,
  batch: u32,
  seed: u32,
  epoch: u32,
  first_batch: u32,
  batches: u32,
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

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let n = params.rows;
  let stream = params.first_batch + group.x;
  let chunk = (n + WG - 1u) / WG;
  let begin = min(local * chunk, n);
  let end = min(begin + chunk, n);

  // Radix select: the bits of the B-th largest key, most significant byte first.
  var prefix = 0u;
  var mask = 0u;
  var needed = params.batch;
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
  // `prefix` is now the B-th largest key; `needed` keys equal to it complete the batch.

  var greater = 0u;
  var ties = 0u;
  for (var i = begin; i < end; i = i + 1u) {
    let bits = key_bits(i, stream);
    greater = greater + select(0u, 1u, bits > prefix);
    ties = ties + select(0u, 1u, bits == prefix);
  }
  let ties_before = workgroup_scan(local, ties).x - ties;
  let my_ties = min(ties, needed - min(needed, ties_before));
  let taken = greater + my_ties;
  var position = workgroup_scan(local, taken).x - taken;

  let base = group.x * params.batch;
  var tie_budget = my_ties;
  for (var i = begin; i < end; i = i + 1u) {
    let bits = key_bits(i, stream);
    var take = bits > prefix;
    if (bits == prefix && tie_budget > 0u) {
      take = true;
      tie_budget = tie_budget - 1u;
    }
    if (take) {
      out[base + position] = i32(i);
      position = position + 1u;
    }
  }
}
