// recency_bias_uncertainty: Recency Bias's instance uncertainty (BASELINES "Recency Bias").
// With n = min(count_i, q) visits in the window, U_ij = H(ones_ij / n), the binary entropy in
// bits of the fraction of ones among those n predictions (slots not yet visited are no votes;
// U_ij = 0 when n = 0), and U_i = min(1, (sum_j U_ij) * inv_labels), the mean over labels.
// H(k / n) comes from ENTROPY below, the f32 values of the exact entropies (n = 1..10, k = 0..n),
// and the sum runs j = 0, 1, ... in f32, so the TypeScript twin (reference.ts) gets the same bits.
//
// Bindings (group 0):
//   0 params       uniform            { rows, labels, words, window, inv_labels }
//                                     (words = ceil(labels / 3); inv_labels = f32(1 / labels))
//   1 bits         storage, read      array<u32>, rows x words: the windows (see observe.wgsl)
//   2 count        storage, read      array<u32>, rows: visits so far
//   3 uncertainty  storage, rw        array<f32>, rows: U_i in [0, 1]
// Dispatch: one invocation per instance, folded to 2-D: i = gid.x + gid.y * num_workgroups.x * WG.

override WG: u32 = 256u;

struct Params {
  rows: u32,
  labels: u32,
  words: u32,
  window: u32,
  inv_labels: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> bits: array<u32>;
@group(0) @binding(2) var<storage, read> count: array<u32>;
@group(0) @binding(3) var<storage, read_write> uncertainty: array<f32>;

const FIELD_BITS: u32 = 10u;
const FIELDS_PER_WORD: u32 = 3u;

// H(k / n) in bits at index (n - 1)(n + 2) / 2 + k, row n = 1..10 (reference.ts: ENTROPY_TABLE).
const ENTROPY = array<f32, 65>(
  0.0, 0.0,
  0.0, 1.00000000, 0.0,
  0.0, 0.918295860, 0.918295860, 0.0,
  0.0, 0.811278105, 1.00000000, 0.811278105, 0.0,
  0.0, 0.721928120, 0.970950603, 0.970950603, 0.721928120, 0.0,
  0.0, 0.650022447, 0.918295860, 1.00000000, 0.918295860, 0.650022447, 0.0,
  0.0, 0.591672778, 0.863120556, 0.985228121, 0.985228121, 0.863120556, 0.591672778, 0.0,
  0.0, 0.543564439, 0.811278105, 0.954433978, 1.00000000, 0.954433978, 0.811278105, 0.543564439, 0.0,
  0.0, 0.503258348, 0.764204502, 0.918295860, 0.991076052, 0.991076052, 0.918295860, 0.764204502, 0.503258348, 0.0,
  0.0, 0.468995601, 0.721928120, 0.881290913, 0.970950603, 1.00000000, 0.970950603, 0.881290913, 0.721928120, 0.468995601, 0.0,
);

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= params.rows) {
    return;
  }
  let n = min(count[i], params.window);
  if (n == 0u) {
    uncertainty[i] = 0.0;
    return;
  }
  let L = params.labels;
  let words = params.words;
  let row = (n - 1u) * (n + 2u) / 2u;
  let mask = (1u << n) - 1u;
  var total = 0.0;
  for (var m = 0u; m < words; m = m + 1u) {
    let word = bits[i * words + m];
    for (var h = 0u; h < FIELDS_PER_WORD; h = h + 1u) {
      let j = FIELDS_PER_WORD * m + h;
      if (j >= L) {
        break;
      }
      let ones = countOneBits((word >> (FIELD_BITS * h)) & mask);
      total = total + ENTROPY[row + ones];
    }
  }
  uncertainty[i] = min(1.0, total * params.inv_labels);
}
