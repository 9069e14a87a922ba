/** Backbone construction by name. */
import { DEFAULT_BACKBONE_CONFIG, type Backbone, type BackboneConfig, type BackboneKind } from './backbone';
import { ClifBackbone } from './clif';
import { MlpBackbone } from './mlp';

export type { Backbone, BackboneConfig, BackboneKind, TrainForward, WeightSnapshot } from './backbone';
export { DEFAULT_BACKBONE_CONFIG } from './backbone';
export { clifParameterCount } from './clif';

export function createBackbone(
  kind: BackboneKind,
  numFeatures: number,
  numLabels: number,
  config: Partial<Omit<BackboneConfig, 'kind'>> = {},
  seed = 0,
): Backbone {
  const full: BackboneConfig = { ...DEFAULT_BACKBONE_CONFIG, ...config, kind };
  if (kind === 'mlp') return new MlpBackbone(numFeatures, numLabels, full, seed);
  if (kind === 'clif') return new ClifBackbone(numFeatures, numLabels, full, seed);
  throw new Error(`unknown backbone '${String(kind)}': expected 'mlp' or 'clif'`);
}
