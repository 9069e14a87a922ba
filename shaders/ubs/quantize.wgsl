// ubs_quantize: UBS's quantised uncertainty (BASELINES "Uncertainty-guided batch selection"):
// bin_ij = clamp(floor(E_ij * 5), 0, 4), the bins of width 0.2 whose levels are 0.1, 0.3, 0.5,
// 0.7 and 0.9. E is D2ACE's per-step uncertainty (shaders/d2ace/observe.wgsl), in [0, 1].
//
// Bindings (group 0):
//   0 params   uniform            { entries }
//   1 uncert   storage, read      array<f32>, N x L: E
//   2 bins     storage, rw        array<u32>, N x L: 0..4
// Dispatch: one invocation per entry, folded to 2-D: gid.x + gid.y * num_workgroups.x * WG.

override WG: u32 = 256u;

struct Params {
  entries: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> uncert: array<f32>;
@group(0) @binding(2) var<storage, read_write> bins: array<u32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let k = gid.x + gid.y * groups.x * WG;
  if (k >= params.entries) {
    return;
  }
  bins[k] = u32(clamp(floor(uncert[k] * 5.0), 0.0, 4.0));
}
