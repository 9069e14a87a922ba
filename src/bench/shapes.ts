/**
 * The dataset shapes the benchmarks run at: the training-set size of each dataset (after the
 * official split and a 10% validation holdout where one exists), its features and its labels.
 * One table for every benchmark, so `--shapes` names the same things everywhere.
 */
export const BENCH_SHAPES = {
  yeast: { instances: 1350, features: 103, labels: 14 },
  corel5k: { instances: 4050, features: 499, labels: 374 },
  delicious: { instances: 11628, features: 500, labels: 983 },
  mediamill: { instances: 43907, features: 120, labels: 101 },
} as const;

export type BenchShape = keyof typeof BENCH_SHAPES;

export const BENCH_SHAPE_NAMES = Object.keys(BENCH_SHAPES) as BenchShape[];
