/**
 * Typed arrays that grow while rows stream in, then trim to their final length. Small arrays
 * double; past 16M elements they grow by half, so the moment of growth (old and new side by
 * side) holds 2.5 times the data, not 3, on files of hundreds of MB.
 */
const LARGE = 16 * 1024 * 1024;

type TypedArrayCtor<T> = { new (length: number): T };

export class Growable<T extends Float32Array | Uint8Array | Int32Array> {
  private data: T;
  length = 0;

  constructor(
    private readonly ctor: TypedArrayCtor<T>,
    initialCapacity = 1024,
  ) {
    this.data = new ctor(Math.max(1, initialCapacity));
  }

  /** Makes room for `count` more elements and returns the offset where they start. */
  reserve(count: number): number {
    const start = this.length;
    const needed = start + count;
    if (needed > this.data.length) {
      let capacity = this.data.length;
      while (capacity < needed) capacity = capacity >= LARGE ? Math.ceil(capacity * 1.5) : capacity * 2;
      const bigger = new this.ctor(capacity);
      bigger.set(this.data.subarray(0, start) as never);
      this.data = bigger;
    }
    this.length = needed;
    return start;
  }

  /** The backing array (valid until the next reserve). */
  get array(): T {
    return this.data;
  }

  /** The filled part as an array of exactly `length` elements. */
  finish(): T {
    return this.data.length === this.length ? this.data : (this.data.slice(0, this.length) as T);
  }
}
