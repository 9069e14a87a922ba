// rng: counter-based random numbers (no state to carry between dispatches).
// A value is a pure function of (seed, stream, counter): the same on every GPU and in the
// TypeScript twin src/util/counter-rng.ts. Built on the PCG hash of Jarzynski and Olano,
// "Hash Functions for GPU Rendering", JCGT 2020.
// Included (prepended) by the kernels that need it; defines no bindings.

fn pcg_hash(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

// A 32-bit random word for (seed, stream, counter).
fn rng_u32(seed: u32, stream: u32, counter: u32) -> u32 {
  return pcg_hash(counter + pcg_hash(stream + pcg_hash(seed)));
}

// Uniform in [0, 1), 24-bit resolution (exact in f32).
fn rng_uniform(seed: u32, stream: u32, counter: u32) -> f32 {
  return f32(rng_u32(seed, stream, counter) >> 8u) * (1.0 / 16777216.0);
}

// A 32-bit random word for (seed, a, b, counter), e.g. (seed, epoch, batch, instance).
fn rng_u32_4(seed: u32, a: u32, b: u32, counter: u32) -> u32 {
  return pcg_hash(counter + pcg_hash(b + pcg_hash(a + pcg_hash(seed))));
}

// Uniform in the open interval (0, 1): never exactly 0 or 1, so logs stay finite.
fn rng_open_uniform(word: u32) -> f32 {
  return (f32(word >> 8u) + 0.5) * (1.0 / 16777216.0);
}
