/** Schedules shared by the sampling methods (BASELINES "Decaying pressure"). */

export interface PressureSchedule {
  /** Pressure s0 up to and including epoch `from`. */
  start: number;
  /** Pressure s1 from epoch `to` on. */
  end: number;
  from: number;
  to: number;
}

/** s(e) = s0 (s1 / s0)^((e - e0) / (e1 - e0)) for e0 <= e <= e1, clamped outside. */
export function decayingPressure(s: PressureSchedule, epoch: number): number {
  if (s.to <= s.from) return epoch < s.from ? s.start : s.end;
  const t = Math.min(1, Math.max(0, (epoch - s.from) / (s.to - s.from)));
  return s.start * (s.end / s.start) ** t;
}
