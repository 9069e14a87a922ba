import { describe, expect, it } from 'vitest';
import { recipeRecord } from '../../src/results/result';
import { fitScheduleToRun } from '../../src/selection/fit-schedule';
import { selectionMethod } from '../../src/selection/registry';
import { DEFAULT_TRAIN_CONFIG, resolveTrainConfig } from '../../src/train/config';
import { fitToRun } from '../../src/train/fit-to-run';
import { recipeNamed } from '../../src/train/recipes';

describe('recipes', () => {
  it('the MLP trains with the converging recipe, CLIF with the reference one', () => {
    const mlp = resolveTrainConfig({});
    expect(mlp.model).toBe('mlp');
    expect(mlp.recipe).toBe('mlp');
    expect({ lr: mlp.lr, mlpWidths: mlp.mlpWidths, lrWarmupEpochs: mlp.lrWarmupEpochs, epochs: mlp.epochs }).toEqual({
      lr: recipeNamed('mlp').settings.lr,
      mlpWidths: recipeNamed('mlp').settings.mlpWidths,
      lrWarmupEpochs: recipeNamed('mlp').settings.lrWarmupEpochs,
      epochs: 100,
    });
    expect(DEFAULT_TRAIN_CONFIG).toEqual(mlp);
    const clif = resolveTrainConfig({ model: 'clif' });
    expect(clif.recipe).toBe('reference');
    // Exactly the authors' CLIF training (D2ACE-SPEC section 5).
    expect({ lr: clif.lr, lrWarmupEpochs: clif.lrWarmupEpochs, epochs: clif.epochs, batch: clif.batch, weightDecay: clif.weightDecay, hidden: clif.hidden, dropout: clif.dropout }).toEqual({
      lr: 1e-4, lrWarmupEpochs: 10, epochs: 100, batch: 128, weightDecay: 1e-4, hidden: 768, dropout: 0.2,
    });
    // Naming a recipe picks its backbone.
    expect(resolveTrainConfig({ recipe: 'reference' }).model).toBe('clif');
  });

  it('what the user sets wins over the recipe, and the result records what changed', () => {
    const c = resolveTrainConfig({ lr: 1e-3, epochs: 40 });
    expect(c.lr).toBe(1e-3);
    expect(c.lrWarmupEpochs).toBe(recipeNamed('mlp').settings.lrWarmupEpochs);
    expect(recipeRecord(c)).toEqual({ name: 'mlp', model: 'mlp', settings: recipeNamed('mlp').settings, overrides: { lr: 1e-3, epochs: 40 } });
    expect(recipeRecord(resolveTrainConfig({}))!.overrides).toEqual({});
  });

  it('refuses a recipe for another backbone and an unknown recipe, naming the choices', () => {
    expect(() => resolveTrainConfig({ model: 'mlp', recipe: 'reference' })).toThrowError("recipe 'reference' trains clif, not mlp (recipes for mlp: mlp, mlp-high-lr, mlp-fast, mlp-reference)");
    expect(() => resolveTrainConfig({ recipe: 'fast' })).toThrowError(new Error("invalid training configuration: unknown recipe 'fast' (recipes: reference, clif-small, mlp, mlp-high-lr, mlp-fast, mlp-reference; see 'd2ace recipes')"));
  });
});

describe('schedules longer than the run', () => {
  it('a learning-rate warm-up as long as the run is cut, with a note', () => {
    const fitted = fitToRun(resolveTrainConfig({ model: 'clif', epochs: 3, method: 'uniform' }));
    expect(fitted.lrWarmupEpochs).toBe(0);
    expect(fitted.notes).toEqual(['learning-rate warm-up of 10 epochs is not shorter than the run (3 epochs): shortened to 0 so the rate reaches 0.0001']);
    // 10 of 100 epochs -> 10% of a 12-epoch run.
    expect(fitToRun(resolveTrainConfig({ model: 'clif', epochs: 12, lrWarmupEpochs: 20, method: 'uniform' })).lrWarmupEpochs).toBe(2);
    expect(fitToRun(resolveTrainConfig({ model: 'clif', epochs: 100, method: 'uniform' })).notes).toEqual([]);
  });

  it("D2ACE's default schedule is scaled to a short run, keeping its shape", () => {
    const { options, notes } = fitScheduleToRun(selectionMethod('d2ace'), {}, 30);
    expect(options).toMatchObject({ warmupEpochs: 3, pressureDecayStart: 3, betaRangeStart: 3, betaRangeEnd: 21 });
    expect(notes).toEqual(['d2ace: the default schedule (betaRangeEnd 70) does not fit 30 epochs; scaled by 30/100: warmupEpochs 10 -> 3, pressureDecayStart 10 -> 3, betaRangeStart 10 -> 3, betaRangeEnd 70 -> 21']);
    // A 3-epoch run still selects: the warm-up ends before the run does.
    expect(fitScheduleToRun(selectionMethod('d2ace'), {}, 3).options).toMatchObject({ warmupEpochs: 0, betaRangeEnd: 2 });
    expect(fitScheduleToRun(selectionMethod('d2ace'), {}, 100).notes).toEqual([]);
  });

  it('a schedule epoch the user set that does not fit is refused', () => {
    expect(() => fitScheduleToRun(selectionMethod('d2ace'), { warmupEpochs: 5 }, 5)).toThrowError('d2ace: warmupEpochs 5 (must be below 5) does not fit a 5-epoch run; lower it or raise epochs');
    expect(() => fitScheduleToRun(selectionMethod('obs'), { pressureDecayEnd: 120 }, 100)).toThrowError('obs: pressureDecayEnd 120 (must be at most 100) does not fit a 100-epoch run; lower it or raise epochs');
  });

  it("keeps each option's minimum (OBS needs one warm-up epoch) and every method's schedule fits", () => {
    expect(fitScheduleToRun(selectionMethod('obs'), {}, 5).options).toMatchObject({ warmupEpochs: 1, pressureDecayStart: 0, pressureDecayEnd: 5 });
    for (const name of ['uniform', 'd2ace', 'obs', 'active-bias', 'recency-bias', 'ubs', 'mladabatch']) {
      for (const epochs of [2, 3, 7, 30, 100]) {
        const options = fitScheduleToRun(selectionMethod(name), {}, epochs).options as Record<string, number>;
        if ('warmupEpochs' in options) expect(options.warmupEpochs, `${name} ${epochs}`).toBeLessThan(epochs);
      }
    }
  });
});
