// recency_bias_observe: Recency Bias's per-step update (BASELINES "Recency Bias") for the B
// instances of the batch just trained on: per label, shift the thresholded prediction
// (p > 0.5 -> 1, else 0; NaN -> 0) into the instance's bit window, keeping the last `window`
// (q <= 10) predictions, and count the visit.
// A window is a 10-bit field used as a shift register: bit 0 is the newest prediction, bit k the
// one k visits earlier; bits at or above min(count, q) are 0 and are not votes (the uncertainty
// kernel only reads min(count, q) of them). Word (i, m) holds labels 3m, 3m+1, 3m+2 in bits
// 0-9, 10-19 and 20-29, so each invocation owns one whole word: no two write the same word.
//
// Bindings (group 0):
//   0 params   uniform            { batch, labels, words, window }  (words = ceil(labels / 3))
//   1 indices  storage, read      array<i32>, B: the batch's instance indices (distinct)
//   2 probs    storage, read      array<f32>, B x labels: sigmoid outputs of the step
//   3 bits     storage, rw        array<u32>, N x words: the packed windows
//   4 count    storage, rw        array<u32>, N: visits so far per instance
// Dispatch: one invocation per (batch row, word), folded to 2-D:
//   index = gid.x + gid.y * num_workgroups.x * WG, b = index / words, m = index % words.
// The invocation of word 0 of a row also increments count[i]; nothing else reads count here.

override WG: u32 = 64u;

struct Params {
  batch: u32,
  labels: u32,
  words: u32,
  window: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> indices: array<i32>;
@group(0) @binding(2) var<storage, read> probs: array<f32>;
@group(0) @binding(3) var<storage, read_write> bits: array<u32>;
@group(0) @binding(4) var<storage, read_write> count: array<u32>;

const FIELD_BITS: u32 = 10u;
const FIELDS_PER_WORD: u32 = 3u;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = gid.x + gid.y * groups.x * WG;
  let words = params.words;
  if (index >= params.batch * words) {
    return;
  }
  let b = index / words;
  let m = index % words;
  let L = params.labels;
  let i = u32(indices[b]);
  let mask = (1u << params.window) - 1u;
  let at = i * words + m;
  let old = bits[at];
  var word = 0u;
  for (var h = 0u; h < FIELDS_PER_WORD; h = h + 1u) {
    let j = FIELDS_PER_WORD * m + h;
    if (j >= L) {
      break;
    }
    let shift = FIELD_BITS * h;
    let vote = select(0u, 1u, probs[b * L + j] > 0.5);
    let field = (((old >> shift) << 1u) | vote) & mask;
    word = word | (field << shift);
  }
  bits[at] = word;
  if (m == 0u) {
    count[i] = count[i] + 1u;
  }
}
