/**
 * Ascending in-place sorts of Float32Array / Float64Array holding no NaN. Equal values (including
 * -0 and +0, which come back as +0 from the radix path) end up adjacent, which is all the metrics
 * rely on.
 *
 * LSD radix sort on the IEEE-754 bit patterns (8-bit digits; passes whose digit is the same for
 * every key are skipped): O(n), several times faster than the native typed-array sort on the
 * large columns the metrics sort. Short arrays use insertion sort.
 */

/** The score arrays the metrics accept. */
export type ScoreArray = Float32Array | Float64Array;

const SMALL = 48;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A reusable scratch area for {@link sortFloat64}; grows on demand. */
export class SortScratch {
  private words = new Uint32Array(0);
  readonly histogram = new Uint32Array(8 * 256);
  /** At least `count` words. */
  wordsFor(count: number): Uint32Array {
    if (this.words.length < count) this.words = new Uint32Array(Math.max(count, 2 * this.words.length));
    return this.words;
  }
}

function insertionSort(a: ScoreArray): void {
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Sorts `a` ascending in place. `a` must hold no NaN. */
export function sortFloat64(a: Float64Array, scratch: SortScratch = new SortScratch()): Float64Array {
  const n = a.length;
  if (n <= SMALL) {
    insertionSort(a);
    return a;
  }
  if (!LITTLE_ENDIAN) {
    a.sort();
    return a;
  }
  let src = new Uint32Array(a.buffer, a.byteOffset, 2 * n);
  const original = src;
  let dst = scratch.wordsFor(2 * n);
  const hist = scratch.histogram;
  hist.fill(0);
  // Map each double to an unsigned 64-bit key (hi, lo) that orders like the numbers.
  for (let k = 0; k < n; k++) {
    let lo = src[2 * k]!;
    let hi = src[2 * k + 1]!;
    if (hi >= 0x80000000) {
      if (hi === 0x80000000 && lo === 0) hi = 0x80000000; // -0 -> +0
      else {
        hi = ~hi >>> 0;
        lo = ~lo >>> 0;
      }
    } else hi = (hi | 0x80000000) >>> 0;
    src[2 * k] = lo;
    src[2 * k + 1] = hi;
    hist[lo & 255]!++;
    hist[256 + ((lo >>> 8) & 255)]!++;
    hist[512 + ((lo >>> 16) & 255)]!++;
    hist[768 + (lo >>> 24)]!++;
    hist[1024 + (hi & 255)]!++;
    hist[1280 + ((hi >>> 8) & 255)]!++;
    hist[1536 + ((hi >>> 16) & 255)]!++;
    hist[1792 + (hi >>> 24)]!++;
  }
  for (let d = 0; d < 8; d++) {
    const off = d * 256;
    let trivial = false;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = hist[off + b]!;
      if (c === n) trivial = true;
      hist[off + b] = sum;
      sum += c;
    }
    if (trivial) continue;
    const word = d < 4 ? 0 : 1;
    const shift = (d & 3) * 8;
    for (let k = 0; k < n; k++) {
      const lo = src[2 * k]!;
      const hi = src[2 * k + 1]!;
      const digit = ((word === 0 ? lo : hi) >>> shift) & 255;
      const at = hist[off + digit]!++;
      dst[2 * at] = lo;
      dst[2 * at + 1] = hi;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== original) original.set(src.subarray(0, 2 * n));
  for (let k = 0; k < n; k++) {
    const hi = original[2 * k + 1]!;
    if (hi >= 0x80000000) original[2 * k + 1] = hi ^ 0x80000000;
    else {
      original[2 * k + 1] = ~hi >>> 0;
      original[2 * k] = ~original[2 * k]! >>> 0;
    }
  }
  return a;
}

/** Sorts `a` ascending in place. `a` must hold no NaN. */
export function sortFloat32(a: Float32Array, scratch: SortScratch = new SortScratch()): Float32Array {
  const n = a.length;
  if (n <= SMALL) {
    insertionSort(a);
    return a;
  }
  let src = new Uint32Array(a.buffer, a.byteOffset, n);
  const original = src;
  let dst = scratch.wordsFor(n);
  const hist = scratch.histogram;
  hist.fill(0, 0, 1024);
  for (let k = 0; k < n; k++) {
    let u = src[k]!;
    if (u >= 0x80000000) u = u === 0x80000000 ? 0x80000000 : ~u >>> 0; // -0 -> +0
    else u = (u | 0x80000000) >>> 0;
    src[k] = u;
    hist[u & 255]!++;
    hist[256 + ((u >>> 8) & 255)]!++;
    hist[512 + ((u >>> 16) & 255)]!++;
    hist[768 + (u >>> 24)]!++;
  }
  for (let d = 0; d < 4; d++) {
    const off = d * 256;
    let trivial = false;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = hist[off + b]!;
      if (c === n) trivial = true;
      hist[off + b] = sum;
      sum += c;
    }
    if (trivial) continue;
    const shift = d * 8;
    for (let k = 0; k < n; k++) {
      const u = src[k]!;
      dst[hist[off + ((u >>> shift) & 255)]!++] = u;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== original) original.set(src.subarray(0, n));
  for (let k = 0; k < n; k++) {
    const u = original[k]!;
    original[k] = u >= 0x80000000 ? u ^ 0x80000000 : ~u >>> 0;
  }
  return a;
}

/** Sorts either kind of score array ascending in place. */
export function sortScores<T extends ScoreArray>(a: T, scratch: SortScratch): T {
  if (a instanceof Float32Array) sortFloat32(a, scratch);
  else sortFloat64(a as Float64Array, scratch);
  return a;
}

/** A zeroed array of the same element type as `like`. */
export function scoreArrayLike(like: ScoreArray, n: number): ScoreArray {
  return like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}
