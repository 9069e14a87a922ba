/**
 * A method's schedule against the run's length. The defaults of every method were designed for
 * the reference 100 epochs; in a shorter run a warm-up of 10 epochs may never end (a 3-epoch
 * "D2ACE" run would be uniform batches) and a ramp may never finish. So:
 * - a schedule epoch the user SET that does not fit is refused, with a message naming it;
 * - if a DEFAULT does not fit, every default schedule epoch is scaled by epochs / 100 (the
 *   shape of the schedule is kept), with a warning that lists the new values.
 */
import type { SelectionMethod } from './method';

/** The run length the methods' default schedules were designed for. */
export const SCHEDULE_DESIGN_EPOCHS = 100;

function fits(kind: 'start' | 'end', value: number, epochs: number): boolean {
  return kind === 'start' ? value < epochs : value <= epochs;
}

function bound(kind: 'start' | 'end', epochs: number): string {
  return kind === 'start' ? `below ${epochs}` : `at most ${epochs}`;
}

/**
 * The method's options for a run of `epochs` epochs. `given` is what the user set (the rest are
 * defaults). Returns the (possibly scaled) options and what was changed; throws when a given
 * value does not fit.
 */
export function fitScheduleToRun(
  method: SelectionMethod<object>,
  given: Record<string, unknown>,
  epochs: number,
): { options: Record<string, unknown>; notes: string[] } {
  const options = method.resolve(given) as Record<string, unknown>;
  const scheduled = method.options.filter((o) => o.schedule !== undefined && typeof options[o.key] === 'number');
  const misfits = scheduled.filter((o) => !fits(o.schedule!, options[o.key] as number, epochs));
  if (misfits.length === 0) return { options, notes: [] };
  const setByUser = misfits.filter((o) => given[o.key] !== undefined);
  if (setByUser.length) {
    const what = setByUser.map((o) => `${o.key} ${String(options[o.key])} (must be ${bound(o.schedule!, epochs)})`).join(', ');
    throw new Error(`${method.name}: ${what} does not fit a ${epochs}-epoch run; lower it or raise epochs`);
  }
  const factor = epochs / SCHEDULE_DESIGN_EPOCHS;
  const scaled: Record<string, unknown> = { ...given };
  const changes: string[] = [];
  for (const o of scheduled) {
    if (given[o.key] !== undefined) continue;
    const before = options[o.key] as number;
    let after = o.schedule === 'start' ? Math.floor(before * factor) : Math.round(before * factor);
    after = Math.max(after, o.minimum ?? 0);
    if (o.schedule === 'start') after = Math.min(after, epochs - 1);
    if (after !== before) {
      scaled[o.key] = after;
      changes.push(`${o.key} ${before} -> ${after}`);
    }
  }
  let fitted: Record<string, unknown>;
  try {
    fitted = method.resolve(scaled) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${method.name}: its default schedule does not fit a ${epochs}-epoch run and cannot be scaled (${(error as Error).message}); set its schedule options`);
  }
  const still = scheduled.filter((o) => !fits(o.schedule!, fitted[o.key] as number, epochs));
  if (still.length) throw new Error(`${method.name}: ${still.map((o) => o.key).join(', ')} cannot fit a ${epochs}-epoch run; set them or raise epochs`);
  const why = misfits.map((o) => `${o.key} ${String(options[o.key])}`).join(', ');
  return {
    options: fitted,
    notes: [`${method.name}: the default schedule (${why}) does not fit ${epochs} epochs; scaled by ${epochs}/${SCHEDULE_DESIGN_EPOCHS}: ${changes.join(', ')}`],
  };
}
