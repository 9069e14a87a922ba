// count_visits: how often each training instance is drawn (coverage, for every method). After
// each optimiser step, counts[indices[b]] += 1 for the B rows of the batch. Atomic, because a
// method may hand the same instance to two rows (never within one batch today, but the
// counter does not rely on it). The trainer reads the counts once per epoch, outside the steps.
//
// Bindings (group 0):
//   0 params   uniform            { batch }
//   1 indices  storage, read      array<i32>, batch: the batch's instance indices
//   2 counts   storage, rw        array<atomic<u32>>, N: draws of each instance this epoch
// Dispatch: one invocation per batch row, (ceil(batch / WG), 1, 1).

override WG: u32 = 64u;

struct Params {
  batch: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> indices: array<i32>;
@group(0) @binding(2) var<storage, read_write> counts: array<atomic<u32>>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  if (b >= params.batch) {
    return;
  }
  atomicAdd(&counts[u32(indices[b])], 1u);
}
