/** The in-memory multi-label dataset every part of the project exchanges. */

export interface MultiLabelData {
  /** Dataset or file name, for reports and errors. */
  name: string;
  numInstances: number;
  numFeatures: number;
  numLabels: number;
  /** numInstances x numFeatures, row-major. */
  features: Float32Array;
  /** numInstances x numLabels, row-major, 0 or 1. */
  labels: Uint8Array;
  featureNames: string[];
  labelNames: string[];
}

/** Row indices into a MultiLabelData. */
export type IndexSet = Int32Array;
