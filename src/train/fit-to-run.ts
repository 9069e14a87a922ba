/**
 * What a run trains with when its schedules are longer than the run: the learning-rate warm-up
 * is cut (a 10-epoch warm-up in a 3-epoch run never reaches the rate) and the method's schedule
 * is fitted (../selection/fit-schedule.ts). Each change comes back as a note for a warning and
 * for the result file; the config itself is left as the user wrote it.
 */
import { fitScheduleToRun } from '../selection/fit-schedule';
import { selectionMethod } from '../selection/registry';
import type { TrainConfig } from './config';
import { recipeNamed } from './recipes';

export interface FittedRun {
  lrWarmupEpochs: number;
  /** The method's options, every default filled in. */
  methodOptions: Record<string, unknown>;
  notes: string[];
}

export function fitToRun(config: TrainConfig): FittedRun {
  const notes: string[] = [];
  let lrWarmupEpochs = config.lrWarmupEpochs;
  if (lrWarmupEpochs > 0 && lrWarmupEpochs >= config.epochs) {
    // Scaled like the recipe's own proportion (5 of 100 epochs -> 5%), and always shorter than the run.
    let design = config.epochs;
    try {
      design = recipeNamed(config.recipe).settings.epochs;
    } catch {
      // An unknown recipe is reported by validation; scale against the run itself.
    }
    const shortened = Math.min(config.epochs - 1, Math.floor((lrWarmupEpochs * config.epochs) / Math.max(design, lrWarmupEpochs + 1)));
    notes.push(`learning-rate warm-up of ${lrWarmupEpochs} epochs is not shorter than the run (${config.epochs} epochs): shortened to ${shortened} so the rate reaches ${config.lr}`);
    lrWarmupEpochs = shortened;
  }
  const fitted = fitScheduleToRun(selectionMethod(config.method), config.methodOptions?.[config.method] ?? {}, config.epochs);
  notes.push(...fitted.notes);
  return { lrWarmupEpochs, methodOptions: fitted.options, notes };
}
