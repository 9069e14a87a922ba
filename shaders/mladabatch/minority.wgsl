// mladabatch_minority: MLAdaBatch's minority labels (BASELINES "Hard and imbalanced samples").
// Over the labels with n_j > 0 (a label without positives weighs no instance):
//   IRLbl_j = f32(max_k n_k) / f32(n_j),   meanIR = (sum of IRLbl_j) / f32(#labels with n_j > 0),
// and minority[j] = 1 when n_j > 0 and IRLbl_j > meanIR, else 0. (The authors' code adds 1e-6
// to n_j instead, so a label without positives gets a ratio near max/1e-6 that raises meanIR
// and makes it the only minority label; we leave such labels out.) The max and the count are
// exact; the f32 sum has a fixed order that the twin (reference.ts) repeats: thread t adds
// IRLbl_t, IRLbl_{t+WG}, ... in turn, then a tree over the WG partial sums (stride WG/2 .. 1).
//
// Bindings (group 0):
//   0 params     uniform            { labels }
//   1 positives  storage, read      array<u32>, labels: n_j (label_counts.wgsl)
//   2 minority   storage, rw        array<u32>, labels: 1 for a minority label, else 0
// Dispatch: ONE workgroup, (1, 1, 1); WG threads (a power of two) stride over the labels.

override WG: u32 = 256u;

struct Params {
  labels: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> positives: array<u32>;
@group(0) @binding(2) var<storage, read_write> minority: array<u32>;

var<workgroup> top: array<u32, WG>;
var<workgroup> present: array<u32, WG>;
var<workgroup> ratio_sum: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) local: u32) {
  let L = params.labels;
  var most = 0u;
  var count = 0u;
  for (var j = local; j < L; j = j + WG) {
    let n = positives[j];
    most = max(most, n);
    count = count + select(0u, 1u, n > 0u);
  }
  top[local] = most;
  present[local] = count;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (local < stride) {
      top[local] = max(top[local], top[local + stride]);
      present[local] = present[local] + present[local + stride];
    }
    workgroupBarrier();
  }
  let max_n = f32(top[0]);
  let labelled = present[0];
  var sum = 0.0;
  for (var j = local; j < L; j = j + WG) {
    let n = positives[j];
    if (n > 0u) {
      sum = sum + max_n / f32(n);
    }
  }
  ratio_sum[local] = sum;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (local < stride) {
      ratio_sum[local] = ratio_sum[local] + ratio_sum[local + stride];
    }
    workgroupBarrier();
  }
  // labelled = 0 (no label has positives): every n_j = 0, so no label is minority.
  let mean_ratio = ratio_sum[0] / f32(max(labelled, 1u));
  for (var j = local; j < L; j = j + WG) {
    let n = positives[j];
    minority[j] = select(0u, 1u, n > 0u && max_n / f32(max(n, 1u)) > mean_ratio);
  }
}
