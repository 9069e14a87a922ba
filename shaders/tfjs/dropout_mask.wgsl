// dropout_mask: an inverted-dropout mask, mask[i] = 1 / keep if u(seed, stream, i) < keep else 0,
// with u from shaders/lib/rng.wgsl (prepended). Runs INSIDE tfjs's command stream through
// backend.runWebGPUProgram, so its output is an ordinary tfjs tensor: tfjs generates the
// bindings (output `result`, the uniforms `uniforms.size`, `uniforms.seed`, `uniforms.stream`,
// `uniforms.keep`) and the `_start` entry point that calls `main` with the flat index.
// Dispatch: one invocation per mask element, workgroups of 64 (src/models/dropout.ts).

fn main(index: i32) {
  if (index < uniforms.size) {
    let u = rng_uniform(uniforms.seed, uniforms.stream, u32(index));
    setOutputAtIndex(index, select(0.0, 1.0 / uniforms.keep, u < uniforms.keep));
  }
}
