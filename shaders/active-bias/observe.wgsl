// active_bias_observe: Active Bias's per-step update (BASELINES "Active Bias") for the B
// instances of the batch just trained on. Each entry (i, j) keeps the running count, mean and
// M2 (sum of squared deviations) of the sigmoid outputs p_ij over every visit so far, updated
// with Welford's algorithm, so no history is stored:
//   n' = n + 1;  delta = p - mean;  mean' = mean + delta / n';  M2' = M2 + delta (p - mean').
// The population variance is then M2 / n (score.wgsl). All labels of an instance are observed
// together, every visit, so one visit count per instance serves all of its L entries.
//
// Bindings (group 0):
//   0 params   uniform            { batch, labels }
//   1 indices  storage, read      array<i32>, B: the batch's instance indices (distinct)
//   2 probs    storage, read      array<f32>, B x L: sigmoid outputs of the step's forward pass
//   3 count    storage, rw        array<u32>, N: visits so far per instance
//   4 mean     storage, rw        array<f32>, N x L: running mean of p_ij
//   5 m2       storage, rw        array<f32>, N x L: running sum of squared deviations of p_ij
// Dispatch: one workgroup per batch row, (B, 1, 1); WG threads stride over the labels.
// Every thread reads count[i] before the barrier; thread 0 increments it after.

override WG: u32 = 64u;

struct Params {
  batch: u32,
  labels: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> indices: array<i32>;
@group(0) @binding(2) var<storage, read> probs: array<f32>;
@group(0) @binding(3) var<storage, read_write> count: array<u32>;
@group(0) @binding(4) var<storage, read_write> mean: array<f32>;
@group(0) @binding(5) var<storage, read_write> m2: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let b = group.x;
  let L = params.labels;
  let i = u32(indices[b]);
  let visits = count[i];              // visits before this one
  let n = f32(visits + 1u);

  for (var j = local; j < L; j = j + WG) {
    let k = i * L + j;
    let p = probs[b * L + j];
    let delta = p - mean[k];
    let updated = mean[k] + delta / n;
    mean[k] = updated;
    m2[k] = m2[k] + delta * (p - updated);
  }

  storageBarrier();
  if (local == 0u) {
    count[i] = visits + 1u;
  }
}
