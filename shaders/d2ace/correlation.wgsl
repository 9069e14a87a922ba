// d2ace_correlation (prepend shaders/lib/scan.wgsl): the row-normalised relevant-label correlation of one epoch
// (D2ACE-SPEC 3.5), exploiting that only relevant entries are non-zero:
//   C[j, k] = sum over instances i with Y[i, j] = 1 of U[i, j] U[i, k],   U = unit-column M * Y,
//   then row j divided by (its sum + eps). Cost O(L N + nnz(Y) L) instead of a dense O(N L^2)
//   matrix product: label sets are sparse (delicious: 2% density).
// Rows are scanned cooperatively, CHUNK = WG x PER_THREAD at a time (each thread PER_THREAD
// consecutive rows): the relevant ones are compacted in order into workgroup memory (a prefix
// sum over the threads' counts, so the order is deterministic), then each thread adds their
// contributions to the columns it owns, k = local, local + WG, ...; sums run over i in order.
//
// Bindings (group 0):
//   0 params   uniform            { rows, labels, epsilon }
//   1 labels   storage, read      array<f32>, rows x labels (Y, 0/1)
//   2 unit_e   storage, read      array<f32>, rows x labels (from d2ace_masked_normalize)
//   3 unit_h   storage, read      array<f32>, rows x labels
//   4 corr     storage, rw        array<f32>, 2 x labels x labels: [C_E..., C_H...]
// Dispatch: one workgroup per (label j, matrix), (labels, 2, 1); MAX_LABELS >= labels (the row
// is accumulated in workgroup memory: with WG = 64, at most 3,392 labels in the default 16 KiB).

override WG: u32 = 64u;
override MAX_LABELS: u32 = 1024u;
const PER_THREAD: u32 = 8u;

struct Params {
  rows: u32,
  labels: u32,
  epsilon: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> labels: array<f32>;
@group(0) @binding(2) var<storage, read> unit_e: array<f32>;
@group(0) @binding(3) var<storage, read> unit_h: array<f32>;
@group(0) @binding(4) var<storage, read_write> corr: array<f32>;

var<workgroup> row: array<f32, MAX_LABELS>;
var<workgroup> partial: array<f32, WG>;
var<workgroup> relevant: array<u32, WG * PER_THREAD>;

fn unit(which: u32, index: u32) -> f32 {
  return select(unit_e[index], unit_h[index], which == 1u);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let j = group.x;
  let which = group.y;
  let L = params.labels;
  for (var k = local; k < L; k = k + WG) {
    row[k] = 0.0;
  }
  for (var start = 0u; start < params.rows; start = start + WG * PER_THREAD) {
    let first = start + local * PER_THREAD;
    var hits = 0u;
    for (var t = 0u; t < PER_THREAD; t = t + 1u) {
      let i = first + t;
      hits = hits + select(0u, 1u, i < params.rows && labels[i * L + j] != 0.0);
    }
    // The prefix sum of the counts gives each thread its first slot (shaders/lib/scan.wgsl).
    let scanned = workgroup_scan(local, hits);
    var slot = scanned.x - hits;
    for (var t = 0u; t < PER_THREAD; t = t + 1u) {
      let i = first + t;
      if (i < params.rows && labels[i * L + j] != 0.0) {
        relevant[slot] = i;
        slot = slot + 1u;
      }
    }
    workgroupBarrier();
    for (var r = 0u; r < scanned.y; r = r + 1u) {
      let base = relevant[r] * L;
      let a = unit(which, base + j);
      for (var k = local; k < L; k = k + WG) {
        row[k] = row[k] + a * unit(which, base + k);
      }
    }
    workgroupBarrier();
  }
  var sum = 0.0;
  for (var k = local; k < L; k = k + WG) {
    sum = sum + row[k];
  }
  partial[local] = sum;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (local < stride) {
      partial[local] = partial[local] + partial[local + stride];
    }
    workgroupBarrier();
  }
  let denominator = partial[0] + params.epsilon;
  for (var k = local; k < L; k = k + WG) {
    corr[(which * L + j) * L + k] = row[k] / denominator;
  }
}
