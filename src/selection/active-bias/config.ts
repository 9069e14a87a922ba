/** Active Bias's options (BASELINES "Active Bias") with their defaults; GPU math and twin read the same object. */

export type ActiveBiasMode = 'sampling' | 'weighting';

export interface ActiveBiasConfig {
  /** 'sampling': p_i proportional to the score; 'weighting': uniform batches, losses weighted by score / batch mean. */
  mode: ActiveBiasMode;
  /** Added to every instance's summed standard deviation (the paper's smoothing term). */
  epsilon: number;
  /** Epochs 0..warmupEpochs-1 draw uniformly (a seeded reshuffle each epoch). */
  warmupEpochs: number;
}

export const DEFAULT_ACTIVE_BIAS_CONFIG: ActiveBiasConfig = {
  mode: 'sampling',
  epsilon: 0.02,
  warmupEpochs: 10,
};
