// ubs_mutual_information: the label correlation of UBS, the histogram mutual information (in
// nats) between the quantised uncertainty columns of every label pair over the N instances:
//   I_jk = sum_{a,b: n_ab > 0} (n_ab / N) (ln n_ab + ln N - ln n_a - ln n_b),
// n_ab the 5 x 5 joint counts of (bin_ij, bin_ik), n_a and n_b their marginals. Each pair is
// computed once (k >= j) and written to I_jk and I_kj. One invocation owns one pair: its
// histogram is 25 counters in private memory, so no workgroup memory is used and any L fits
// (L = 374: 6 x 374 workgroups, far below the 65,535 per dimension).
//
// Bindings (group 0):
//   0 params   uniform            { rows, labels }
//   1 bins     storage, read      array<u32>, rows x labels (ubs_quantize)
//   2 mi       storage, rw        array<f32>, labels x labels
// Dispatch: (ceil(labels / WG), labels, 1): k = group.x * WG + local, j = group.y.

override WG: u32 = 64u;

struct Params {
  rows: u32,
  labels: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> bins: array<u32>;
@group(0) @binding(2) var<storage, read_write> mi: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let L = params.labels;
  let j = group.y;
  let k = group.x * WG + local;
  if (k >= L || k < j) {
    return;
  }
  var counts: array<u32, 25>;
  for (var c = 0u; c < 25u; c = c + 1u) {
    counts[c] = 0u;
  }
  for (var i = 0u; i < params.rows; i = i + 1u) {
    let a = bins[i * L + j];
    let b = bins[i * L + k];
    counts[a * 5u + b] = counts[a * 5u + b] + 1u;
  }
  var row_a: array<u32, 5>;
  var col_b: array<u32, 5>;
  for (var a = 0u; a < 5u; a = a + 1u) {
    row_a[a] = 0u;
    col_b[a] = 0u;
  }
  for (var a = 0u; a < 5u; a = a + 1u) {
    for (var b = 0u; b < 5u; b = b + 1u) {
      row_a[a] = row_a[a] + counts[a * 5u + b];
      col_b[b] = col_b[b] + counts[a * 5u + b];
    }
  }
  let n = f32(params.rows);
  let log_n = log(n);
  var total = 0.0;
  for (var a = 0u; a < 5u; a = a + 1u) {
    for (var b = 0u; b < 5u; b = b + 1u) {
      let c = counts[a * 5u + b];
      if (c > 0u) {
        let joint = f32(c);
        total = total + (joint / n) * (log(joint) + log_n - log(f32(row_a[a])) - log(f32(col_b[b])));
      }
    }
  }
  mi[j * L + k] = total;
  mi[k * L + j] = total;
}
