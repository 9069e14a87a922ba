/**
 * d2ace-webgpu: the package entry (runs in browsers and in Node). The significance tests are
 * a subpath of their own, `d2ace-webgpu/stats`, so an app that only selects batches does not
 * carry the statistics library.
 */
export { createGpuRuntime, type GpuRuntime, type RuntimeOptions } from './gpu/runtime';
export { GpuContext, type GpuProvider, type ProviderOptions, type Runtime } from './gpu/context';
export { KernelRunner, KernelBatch, type DispatchArgs } from './gpu/runner';
export { defineKernel, linearWorkgroups, type KernelSpec, type BindingKind, type ParamType } from './gpu/kernel';
export { BufferRegistry, readBuffer } from './gpu/buffers';
export { borrowTensorBuffer, tensorFromBuffer } from './gpu/interop';
export { flushTfjs } from './gpu/tfjs-binding';
export { ReadbackCounter, type ReadbackCounts, type ReadbackSource } from './gpu/readbacks';
export { GpuTimer, type TimingStats } from './gpu/timing';
export { DeviceLostError, GpuKernelError, GpuUncapturedError, WebGpuUnavailableError } from './gpu/errors';
export { doctorReport, formatDoctorReport, type DoctorReport } from './gpu/doctor';
export { columnStatsKernel } from './gpu/self-check/kernels';
export { columnStatsReference } from './gpu/self-check/reference';
export * from './metrics';
export { datasetStats, type DatasetStats } from './data/stats';
export { applyProtocol, remapRows, type ProtocolOptions, type ProtocolReport } from './data/protocol';
export { iterativeStratification, kFoldSplits, validationHoldout } from './data/stratify';
export { syntheticDataset, type SyntheticOptions } from './data/synthetic';
export { ArffParser, parseArffLines, type ArffDataset, type ArffReadOptions } from './data/arff-reader';
export { parseLabelsXml, type LabelSpec } from './data/labels';
export { DataFormatError } from './data/errors';
export type { MultiLabelData, IndexSet } from './data/types';
export * as d2aceReference from './selection/d2ace/reference';
export { sampleBatchReference, sampleEpochReference, inclusionProbabilities, rankLogWeightsReference, valueLogWeightsReference, normalizeLogWeightsReference } from './selection/sampling/reference';
export { sampleEpochKernel, rankWeightsKernel, valueWeightsKernel, normalizeLogWeightsKernel } from './selection/sampling/kernels';
export { decayingPressure, type PressureSchedule } from './selection/sampling/schedule';
export { DEFAULT_D2ACE_CONFIG, resolveD2aceConfig, selectionPressure, mixtureBeta, type D2aceConfig, type LossNorm } from './selection/d2ace/config';
export { GpuD2aceSelector, type D2aceSelectorOptions, type D2aceGpuState } from './selection/d2ace/gpu-math';
export { UniformSelector } from './selection/uniform/selector';
export { MethodSelector, type SelectionMath, type SelectionPlan, type EpochDraw } from './selection/method-selector';
export { defineMethod, type SelectionMethod, type MethodOption, type MethodFacts, type InternalChart, type SelectorContext } from './selection/method';
export { SELECTION_METHODS, METHOD_NAMES, selectionMethod } from './selection/registry';
export type { BatchSelector, SelectorData, SelectorInit, SelectorInspection } from './selection/selector';
export { createBackbone, clifParameterCount, DEFAULT_BACKBONE_CONFIG, type Backbone, type BackboneConfig, type BackboneKind } from './models';
export { AdamL2, DEFAULT_OPTIMIZER_CONFIG, warmupLearningRate, type OptimizerConfig } from './train/optimizer';
export { trainStep, type StepOutputs } from './train/step';
export { DEFAULT_TRAIN_CONFIG, resolveTrainConfig, validateTrainConfig, type TrainConfig } from './train/config';
export { RECIPES, RECIPE_NAMES, DEFAULT_RECIPE, recipeNamed, recipeOverrides, type Recipe, type RecipeSettings } from './train/recipes';
export { fitToRun, type FittedRun } from './train/fit-to-run';
export { fitScheduleToRun, SCHEDULE_DESIGN_EPOCHS } from './selection/fit-schedule';
export { convergence, type Convergence } from './report/convergence';
export { createSelector, Selector, type SelectorOptions, type StepFeedback, type EndEpochOptions } from './embed/selector';
export { bceWithLogits, bceFromProbabilities } from './models/loss';
export { trainRun, type TrainerHooks, type TrainingOutcome, type EpochRecord } from './train/trainer';
export type { MethodName, SelectorBackend } from './train/config';
export { fetchArff, readArffFile } from './data/browser-load';
export { prepareOfficial } from './data/split-official';
export { prepareLoaded, REFERENCE_FOLD_SEED, type PreparedDataset, type PrepareOptions, type SplitSpec } from './data/prepare-core';
export type { LoadedDataset } from './data/load';
export type { DatasetFiles } from './data/registry';
export { inspectionValue, inspectionVector, inspectionNumber } from './selection/inspection-path';
export { PROBABILITY_SPREAD_CHART, PRESSURE_CHART } from './selection/method';
export { escapeHtml } from './report/escape-html';
