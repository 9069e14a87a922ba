// matmul: out = op(A) op(B) for row-major f32 matrices, op = optional transpose, 16 x 16 tiles
// through workgroup memory. D2ACE uses it for the label correlation C = M^T M (A = B = M,
// trans_a = 1) and the correlation strength S = Z C^T (trans_b = 1) (D2ACE-SPEC 3.5-3.6).
//
// Bindings (group 0):
//   0 params  uniform            { m, k, p, trans_a, trans_b }: op(A) is m x k, op(B) is k x p
//   1 a       storage, read      array<f32>: m x k (or k x m when trans_a)
//   2 b       storage, read      array<f32>: k x p (or p x k when trans_b)
//   3 out     storage, rw        array<f32>: m x p
// Dispatch: (ceil(p / 16), ceil(m / 16), 1) workgroups of 16 x 16.

const T: u32 = 16u;

struct Params {
  m: u32,
  k: u32,
  p: u32,
  trans_a: u32,
  trans_b: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> tile_a: array<f32, T * T>;
var<workgroup> tile_b: array<f32, T * T>;

fn load_a(row: u32, col: u32) -> f32 {
  if (row >= params.m || col >= params.k) {
    return 0.0;
  }
  return select(a[row * params.k + col], a[col * params.m + row], params.trans_a == 1u);
}

fn load_b(row: u32, col: u32) -> f32 {
  if (row >= params.k || col >= params.p) {
    return 0.0;
  }
  return select(b[row * params.p + col], b[col * params.k + row], params.trans_b == 1u);
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = group.y * T + lid.y;
  let col = group.x * T + lid.x;
  var acc = 0.0;
  for (var k0 = 0u; k0 < params.k; k0 = k0 + T) {
    tile_a[lid.y * T + lid.x] = load_a(row, k0 + lid.x);
    tile_b[lid.y * T + lid.x] = load_b(k0 + lid.y, col);
    workgroupBarrier();
    for (var t = 0u; t < T; t = t + 1u) {
      acc = acc + tile_a[lid.y * T + t] * tile_b[t * T + lid.x];
    }
    workgroupBarrier();
  }
  if (row < params.m && col < params.p) {
    out[row * params.p + col] = acc;
  }
}
