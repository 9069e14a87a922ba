// d2ace_common: shared D2ACE formulas. Prepended to the epoch kernels; defines no bindings.

// Noise-resistant hardness H = lossNorm(l) * (1 - F) (D2ACE-SPEC 3.1-3.2).
// mode 0 ('reference'): 2 - exp(-l), as the authors' code computes; mode 1 ('bounded'): 1 - exp(-l).
fn hardness(loss_value: f32, flip: f32, mode: u32) -> f32 {
  let normalized = select(2.0 - exp(-loss_value), 1.0 - exp(-loss_value), mode == 1u);
  return normalized * (1.0 - flip);
}
