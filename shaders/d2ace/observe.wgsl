// d2ace_observe: D2ACE's per-step metric evaluation (D2ACE-SPEC section 2) for the B instances
// of the batch just trained on: push the step's sigmoid outputs into each instance's history
// ring (window W), store the per-entry BCE, update the flip EMA F and the uncertainty E.
// The history holds probabilities as 16-bit unorm pairs (pack2x16unorm, resolution 1.5e-5):
// half the memory of f32, so N x W x L fits the default 128 MiB binding at delicious scale.
// nan_mode 0 ('defined', the spec): no pairs in the window -> mean change 0; p clamped in the
// entropy. nan_mode 1 ('reference', the authors' code): those cases are NaN (0 / 0 on a first
// visit, 0 * log 0 when a sigmoid saturates to exactly 0 or 1) and the entropy is unclamped.
//
// Bindings (group 0):
//   0 params   uniform            { batch, labels, window, alpha, entropy_clamp, nan_mode }
//   1 indices  storage, read      array<i32>, B: the batch's instance indices (distinct)
//   2 probs    storage, read      array<f32>, B x L: sigmoid outputs of the step's forward pass
//   3 bce      storage, read      array<f32>, B x L: per-entry BCE of the same forward pass
//   4 history  storage, rw        array<u32>, N x W x ceil(L/2): word (i, slot, m) holds labels
//                                 2m and 2m+1; push k of instance i goes to slot k % W
//   5 count    storage, rw        array<u32>, N: pushes so far per instance
//   6 loss     storage, rw        array<f32>, N x L: latest BCE
//   7 flips    storage, rw        array<f32>, N x L: flip EMA F
//   8 uncert   storage, rw        array<f32>, N x L: uncertainty E
// Dispatch: one workgroup per batch row, (B, 1, 1); WG threads stride over label pairs.
// Every thread reads count[i] before the barrier; thread 0 increments it after.

override WG: u32 = 64u;

struct Params {
  batch: u32,
  labels: u32,
  window: u32,
  alpha: f32,
  entropy_clamp: f32,
  nan_mode: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> indices: array<i32>;
@group(0) @binding(2) var<storage, read> probs: array<f32>;
@group(0) @binding(3) var<storage, read> bce: array<f32>;
@group(0) @binding(4) var<storage, read_write> history: array<u32>;
@group(0) @binding(5) var<storage, read_write> count: array<u32>;
@group(0) @binding(6) var<storage, read_write> loss: array<f32>;
@group(0) @binding(7) var<storage, read_write> flips: array<f32>;
@group(0) @binding(8) var<storage, read_write> uncert: array<f32>;

// Binary entropy in bits of a clamped probability.
fn entropy_bits(p_raw: f32) -> f32 {
  let p = clamp(p_raw, params.entropy_clamp, 1.0 - params.entropy_clamp);
  return -(p * log2(p) + (1.0 - p) * log2(1.0 - p));
}

// E as the authors' code computes it: NaN without a pair of values (n < 2) or for p outside
// (0, 1). Decided on the inputs, not by NaN arithmetic, which WGSL compilers may assume away.
fn reference_uncertainty(mean_change: f32, p: f32, n: u32) -> f32 {
  if (n < 2u || !(p > 0.0 && p < 1.0)) {
    return bitcast<f32>(0x7fc00000u | (n & 0u));
  }
  return 0.5 * mean_change + 0.5 * -(p * log2(p) + (1.0 - p) * log2(1.0 - p));
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let b = group.x;
  let L = params.labels;
  let words = (L + 1u) / 2u;
  let W = params.window;
  let i = u32(indices[b]);
  let pushed = count[i];              // pushes before this one
  let n = min(pushed + 1u, W);        // entries in the window after this push
  let first = pushed + 1u - n;        // oldest push still in the window

  for (var m = local; m < words; m = m + WG) {
    let j0 = 2u * m;
    let has_second = j0 + 1u < L;
    let p = vec2<f32>(probs[b * L + j0], select(0.0, probs[b * L + j0 + 1u], has_second));

    var mean_change = vec2<f32>(0.0);
    var flip = vec2<f32>(0.0);
    if (n >= 2u) {
      var previous = unpack2x16unorm(history[(i * W + first % W) * words + m]);
      var total = vec2<f32>(0.0);
      for (var k = first + 1u; k < pushed; k = k + 1u) {
        let current = unpack2x16unorm(history[(i * W + k % W) * words + m]);
        total = total + abs(current - previous);
        previous = current;
      }
      // `previous` is now the last push before this one.
      total = total + abs(p - previous);
      flip = abs(p - previous);
      mean_change = total / f32(n - 1u);
    }
    history[(i * W + pushed % W) * words + m] = pack2x16unorm(p);

    for (var h = 0u; h < 2u; h = h + 1u) {
      let j = j0 + h;
      if (j >= L) {
        break;
      }
      let k = i * L + j;
      loss[k] = bce[b * L + j];
      flips[k] = params.alpha * flip[h] + (1.0 - params.alpha) * flips[k];
      uncert[k] = select(0.5 * mean_change[h] + 0.5 * entropy_bits(p[h]), reference_uncertainty(mean_change[h], p[h], n), params.nan_mode == 1u);
    }
  }

  workgroupBarrier();
  if (local == 0u) {
    count[i] = pushed + 1u;
  }
}
