// scan: a workgroup-wide inclusive prefix sum of one u32 per invocation (Hillis-Steele).
// Prepended to kernels that declare `override WG` (the workgroup size, a power of two) and
// call it from every invocation in uniform control flow. Defines one workgroup array.

var<workgroup> scan_slots: array<u32, WG>;

// Returns (this invocation's inclusive prefix sum, the workgroup's total).
fn workgroup_scan(local: u32, value: u32) -> vec2<u32> {
  scan_slots[local] = value;
  workgroupBarrier();
  for (var offset = 1u; offset < WG; offset = offset * 2u) {
    var add = 0u;
    if (local >= offset) {
      add = scan_slots[local - offset];
    }
    workgroupBarrier();
    scan_slots[local] = scan_slots[local] + add;
    workgroupBarrier();
  }
  let result = vec2<u32>(scan_slots[local], scan_slots[WG - 1u]);
  workgroupBarrier();
  return result;
}
