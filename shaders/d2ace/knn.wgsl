// knn: brute-force k nearest neighbours of every instance (D2ACE-SPEC 3.4), squared Euclidean
// distance on the (min-max scaled) features. Output per instance: itself, then its k nearest
// OTHER instances by (distance, index); padded with itself when fewer exist. Memory is O(N k):
// candidates stream through workgroup memory in tiles of TILE rows x DCHUNK features; each
// thread keeps its query's best k in registers. Distances accumulate in f32, feature by feature.
//
// Bindings (group 0):
//   0 params     uniform            { rows, features, k }  (k <= MAX_K)
//   1 points     storage, read      array<f32>, rows x features, row-major
//   2 neighbors  storage, rw        array<u32>, rows x (k + 1)
// Dispatch: one invocation per query row, workgroups of WG: (ceil(rows / WG), 1, 1).

override WG: u32 = 64u;
const TILE: u32 = 16u;
const DCHUNK: u32 = 64u;
const MAX_K: u32 = 16u;

struct Params {
  rows: u32,
  features: u32,
  k: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> points: array<f32>;
@group(0) @binding(2) var<storage, read_write> neighbors: array<u32>;

var<workgroup> tile: array<f32, TILE * DCHUNK>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let n = params.rows;
  let d = params.features;
  let k = params.k;
  let q = gid.x;
  let has_query = q < n;

  var best_dist: array<f32, MAX_K>;
  var best_index: array<u32, MAX_K>;
  for (var s = 0u; s < MAX_K; s = s + 1u) {
    best_dist[s] = 3.4e38;
    best_index[s] = 0xffffffffu;
  }

  for (var start = 0u; start < n; start = start + TILE) {
    var acc: array<f32, TILE>; // partial distances to the tile rows
    for (var r = 0u; r < TILE; r = r + 1u) {
      acc[r] = 0.0;
    }
    for (var c0 = 0u; c0 < d; c0 = c0 + DCHUNK) {
      for (var e = local; e < TILE * DCHUNK; e = e + WG) {
        let row = start + e / DCHUNK;
        let col = c0 + e % DCHUNK;
        tile[e] = select(0.0, points[row * d + col], row < n && col < d);
      }
      workgroupBarrier();
      if (has_query) {
        let width = min(DCHUNK, d - c0);
        for (var c = 0u; c < width; c = c + 1u) {
          let x = points[q * d + c0 + c];
          for (var r = 0u; r < TILE; r = r + 1u) {
            let diff = x - tile[r * DCHUNK + c];
            acc[r] = acc[r] + diff * diff;
          }
        }
      }
      workgroupBarrier();
    }
    if (has_query) {
      for (var r = 0u; r < TILE; r = r + 1u) {
        let j = start + r;
        if (j >= n || j == q) {
          continue;
        }
        let dist = acc[r];
        // Candidates arrive in increasing index, so a strict comparison keeps the lower index on ties.
        if (dist < best_dist[k - 1u]) {
          var s = k - 1u;
          while (s > 0u && dist < best_dist[s - 1u]) {
            best_dist[s] = best_dist[s - 1u];
            best_index[s] = best_index[s - 1u];
            s = s - 1u;
          }
          best_dist[s] = dist;
          best_index[s] = j;
        }
      }
    }
  }

  if (has_query) {
    let out = q * (k + 1u);
    neighbors[out] = q;
    for (var s = 0u; s < k; s = s + 1u) {
      neighbors[out + 1u + s] = select(best_index[s], q, best_index[s] == 0xffffffffu);
    }
  }
}
