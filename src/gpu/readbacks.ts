/**
 * Counts every GPU-to-CPU transfer the project makes, so a result can state
 * "0 readbacks per training step" as a measured fact rather than a promise.
 */

/** Where a transfer came from. */
export type ReadbackSource =
  | 'buffer-map' // our own mapAsync of a GPU buffer (readBuffer)
  | 'tensor-read' // tfjs data() / array() / bytes() on a GPU-resident tensor
  | 'tensor-read-sync' // tfjs dataSync() / arraySync() on a GPU-resident tensor
  | 'timing'; // timestamp-query results

export interface ReadbackCounts {
  total: number;
  bytes: number;
  bySource: Record<ReadbackSource, number>;
}

function zeroCounts(): ReadbackCounts {
  return {
    total: 0,
    bytes: 0,
    bySource: { 'buffer-map': 0, 'tensor-read': 0, 'tensor-read-sync': 0, timing: 0 },
  };
}

export class ReadbackCounter {
  private counts = zeroCounts();

  record(source: ReadbackSource, bytes: number): void {
    this.counts.total += 1;
    this.counts.bytes += bytes;
    this.counts.bySource[source] += 1;
  }

  /** A copy of the counts so far. */
  snapshot(): ReadbackCounts {
    return { ...this.counts, bySource: { ...this.counts.bySource } };
  }

  /** Transfers made since an earlier snapshot. */
  since(earlier: ReadbackCounts): ReadbackCounts {
    const now = this.counts;
    const diff = zeroCounts();
    diff.total = now.total - earlier.total;
    diff.bytes = now.bytes - earlier.bytes;
    for (const key of Object.keys(diff.bySource) as ReadbackSource[]) {
      diff.bySource[key] = now.bySource[key] - earlier.bySource[key];
    }
    return diff;
  }
}
