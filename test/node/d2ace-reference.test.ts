import { describe, expect, it } from 'vitest';
import {
  createState,
  epochDetails,
  epochDistribution,
  knnReference,
  localContext,
  observeStep,
  type EpochInputs,
} from '../../src/selection/d2ace/reference';
import { seededRandom } from '../../src/util/random';

const i32 = (...xs: number[]) => new Int32Array(xs);
const f32 = (...xs: number[]) => new Float32Array(xs);
const u8 = (...xs: number[]) => new Uint8Array(xs);

/** Element-wise toBeCloseTo with `digits` decimal digits. */
function expectClose(actual: ArrayLike<number>, expected: readonly number[], digits = 7): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    expect(actual[k], `entry ${k}`).toBeCloseTo(expected[k]!, digits);
  }
}

const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);

// Binary entropies in bits, by hand: Hb(p) = -(p log2 p + (1-p) log2(1-p)).
const HB_HALF = 1; // p = 0.5
const HB_QUARTER = 0.8112781244591328; // 0.25*2 + 0.75*log2(4/3) = 0.5 + 0.75*0.41503749927884 = 0.81127812445913
const HB_3_8 = 0.954434002924965; // 0.375*log2(8/3) + 0.625*log2(8/5) = 0.375*1.41503750 + 0.625*0.67807191
const HB_7_8 = 0.5435644431995964; // = Hb(1/8) = 0.125*3 + 0.875*log2(8/7) = 0.375 + 0.875*0.19264507794

describe('observeStep', () => {
  it('first push: no pair yet, so E = 0.5 Hb(p) in bits and F decays to (1 - alpha) F', () => {
    const s = createState(3, 2);
    expect(s.window).toBe(5);
    expect(s.history.length).toBe(3 * 5 * 2);
    s.F.set([0.5, 0.25], 0); // instance 0 carries some old F
    observeStep(s, i32(0, 2), f32(0.5, 0.875, 0.25, 0), f32(0.1, 0.2, 0.3, 0.4));
    expect(Array.from(s.count)).toEqual([1, 0, 1]);
    // history slot 0 of instances 0 and 2: offsets (0*5 + 0)*2 = 0 and (2*5 + 0)*2 = 20
    expectClose(s.history.subarray(0, 2), [0.5, 0.875]);
    expectClose(s.history.subarray(20, 22), [0.25, 0]);
    expectClose(s.loss, [0.1, 0.2, 0, 0, 0.3, 0.4]);
    // F (alpha = 0.7): first push counts the flip as 0 -> F = 0.3 F: 0.3*0.5 = 0.15, 0.3*0.25 = 0.075
    expectClose(s.F, [0.15, 0.075, 0, 0, 0, 0]);
    // E = 0.5*0 + 0.5 Hb(p_last): Hb(0.5) = 1 -> 0.5; Hb(0.875) = 0.54356444 -> 0.27178222;
    // Hb(0.25) = 0.81127812 -> 0.40563906; p = 0 is clamped to 1e-7: Hb = 1e-7*log2(1e7) + ~1e-7/ln 2
    // = 2.32535e-6 + 1.4427e-7 = 2.46962e-6 -> E = 1.23481e-6 (finite, not NaN)
    expectClose(s.E, [0.5 * HB_HALF, 0.5 * HB_7_8, 0, 0, 0.5 * HB_QUARTER, 1.2348095816103187e-6], 7);
    expect(s.E[5]).toBeGreaterThan(1.2e-6);
    expect(s.E[5]).toBeLessThan(1.25e-6);
  });

  it('second push: one pair, F = 0.7 |p_last - p_prev| + 0.3 F, E averages the pair with the entropy', () => {
    const s = createState(3, 2);
    s.F.set([0.5, 0.25], 0);
    observeStep(s, i32(0, 2), f32(0.5, 0.875, 0.25, 0), f32(0.1, 0.2, 0.3, 0.4));
    observeStep(s, i32(1, 0), f32(0.75, 0.75, 0.25, 0.375), f32(1, 2, 3, 4));
    expect(Array.from(s.count)).toEqual([2, 1, 1]);
    // instance 0, slot 1 at offset (0*5 + 1)*2 = 2; instance 1 slot 0 at (1*5 + 0)*2 = 10
    expectClose(s.history.subarray(0, 4), [0.5, 0.875, 0.25, 0.375]);
    expectClose(s.history.subarray(10, 12), [0.75, 0.75]);
    expectClose(s.loss.subarray(0, 4), [3, 4, 1, 2]);
    // instance 0: flips |0.25 - 0.5| = 0.25, |0.375 - 0.875| = 0.5
    //   F = 0.7*0.25 + 0.3*0.15 = 0.22;  F = 0.7*0.5 + 0.3*0.075 = 0.3725
    //   E = 0.5*0.25 + 0.5*Hb(0.25) = 0.125 + 0.40563906 = 0.53063906
    //   E = 0.5*0.5 + 0.5*Hb(0.375) = 0.25 + 0.47721700 = 0.72721700
    expectClose(s.F.subarray(0, 2), [0.22, 0.3725]);
    expectClose(s.E.subarray(0, 2), [0.125 + 0.5 * HB_QUARTER, 0.25 + 0.5 * HB_3_8]);
    // instance 1 (first push): F = 0.3*0 = 0, E = 0.5 Hb(0.75) = 0.5 Hb(0.25)
    expectClose(s.F.subarray(2, 4), [0, 0]);
    expectClose(s.E.subarray(2, 4), [0.5 * HB_QUARTER, 0.5 * HB_QUARTER]);
    // instance 2 untouched by this step
    expectClose(s.E.subarray(4, 5), [0.5 * HB_QUARTER]);
  });

  it('alpha comes from the config', () => {
    const s = createState(1, 1);
    observeStep(s, i32(0), f32(0.5), f32(0));
    observeStep(s, i32(0), f32(0.25), f32(0), { alpha: 0.5 });
    // F = 0.5*|0.25 - 0.5| + 0.5*0 = 0.125
    expectClose(s.F, [0.125]);
  });

  it('six pushes wrap the window of 5: E uses the pairs in chronological order, F is the running EMA', () => {
    const s = createState(1, 1);
    const seq = [0.5, 0.75, 0.25, 0.5, 0.875, 0.125];
    const Fs: number[] = [];
    const Es: number[] = [];
    for (const p of seq) {
      observeStep(s, i32(0), f32(p), f32(p + 1));
      Fs.push(s.F[0]!);
      Es.push(s.E[0]!);
    }
    expect(s.count[0]).toBe(6);
    // push k goes to slot k % 5: the 6th push (0.125) overwrote slot 0 (0.5)
    expectClose(s.history, [0.125, 0.75, 0.25, 0.5, 0.875]);
    expectClose(s.loss, [1.125]);
    // F: 0 -> 0.7*0.25 = 0.175 -> 0.7*0.5 + 0.3*0.175 = 0.4025 -> 0.7*0.25 + 0.3*0.4025 = 0.29575
    //    -> 0.7*0.375 + 0.3*0.29575 = 0.351225 -> 0.7*0.75 + 0.3*0.351225 = 0.6303675
    expectClose(Fs, [0, 0.175, 0.4025, 0.29575, 0.351225, 0.6303675], 6);
    // after 5 pushes: window 0.5, 0.75, 0.25, 0.5, 0.875; pairs 0.25, 0.5, 0.25, 0.375, mean 1.375/4 = 0.34375
    //   E = 0.171875 + 0.5*Hb(0.875) = 0.171875 + 0.27178222 = 0.44365722
    expect(Es[4]).toBeCloseTo(0.171875 + 0.5 * HB_7_8, 6);
    // after 6: chronological window 0.75, 0.25, 0.5, 0.875, 0.125 (NOT slot order 0.125, 0.75, ...):
    //   pairs 0.5, 0.25, 0.375, 0.75, mean 1.875/4 = 0.46875 (slot order would give 1.75/4 = 0.4375)
    //   E = 0.234375 + 0.5*Hb(0.125) = 0.234375 + 0.27178222 = 0.50615722
    expect(Es[5]).toBeCloseTo(0.234375 + 0.5 * HB_7_8, 6);
    // E after 2 and 3 pushes: 0.5*0.25 + 0.5*Hb(0.75) = 0.53063906; 0.5*(0.25+0.5)/2 + 0.5*Hb(0.25) = 0.59313906
    expect(Es[1]).toBeCloseTo(0.125 + 0.5 * HB_QUARTER, 6);
    expect(Es[2]).toBeCloseTo(0.1875 + 0.5 * HB_QUARTER, 6);
  });

  it('validates its inputs with clear errors, before writing anything', () => {
    const s = createState(3, 2);
    const p = f32(0.5, 0.5, 0.5, 0.5);
    expect(() => observeStep(s, i32(0, 3), p, p)).toThrow('observeStep: index 3 at batch position 1 is out of range [0, 3)');
    expect(() => observeStep(s, i32(-1, 0), p, p)).toThrow('observeStep: index -1 at batch position 0 is out of range [0, 3)');
    expect(() => observeStep(s, i32(2, 2), p, p)).toThrow('observeStep: index 2 appears twice in the batch (positions 0 and 1)');
    expect(() => observeStep(s, i32(0, 1), f32(0.5, 0.5, 0.5), p)).toThrow('observeStep: probs has length 3, expected B*L = 2*2 = 4');
    expect(() => observeStep(s, i32(0, 1), p, f32(1))).toThrow('observeStep: bce has length 1, expected B*L = 2*2 = 4');
    expect(() => observeStep(s, i32(0), f32(0.5, 0.5), f32(0, 0), { window: 4 })).toThrow(
      "observeStep: config.window (4) differs from the state's window (5); the window is fixed by createState",
    );
    expect(() => observeStep(s, i32(0), f32(0.5, 0.5), f32(0, 0), { alpha: 2 })).toThrow('invalid D2ACE configuration: alpha must be in [0, 1], got 2');
    expect(Array.from(s.count)).toEqual([0, 0, 0]);
    expect(() => createState(0, 2)).toThrow('createState: N must be an integer >= 1, got 0');
    expect(() => createState(2, 1.5)).toThrow('createState: L must be an integer >= 1, got 1.5');
    expect(() => createState(2, 2, { window: 1 })).toThrow('invalid D2ACE configuration: window must be an integer >= 2, got 1');
  });
});

describe("observeStep with nan: 'reference' (the authors' E)", () => {
  it('E is NaN after a first visit and at p = 0 or 1, unclamped elsewhere; loss and F are unchanged', () => {
    const reference = createState(2, 3);
    const defined = createState(2, 3);
    const config = { nan: 'reference' as const };
    // Instance 0, first visit: p = (0.5, 1, 1e-9).
    observeStep(reference, i32(0), f32(0.5, 1, 1e-9), f32(0.1, 0.2, 0.3), config);
    observeStep(defined, i32(0), f32(0.5, 1, 1e-9), f32(0.1, 0.2, 0.3));
    // One value in the window: sum of no differences / 0 = NaN for every label.
    expect(Array.from(reference.E.subarray(0, 3)).every(Number.isNaN)).toBe(true);
    expect(Array.from(defined.E.subarray(0, 3)).every(Number.isFinite)).toBe(true);
    // Second visit: p = (0.25, 1, 1e-9) after (0.5, 1, 1e-9).
    observeStep(reference, i32(0), f32(0.25, 1, 1e-9), f32(0.1, 0.2, 0.3), config);
    observeStep(defined, i32(0), f32(0.25, 1, 1e-9), f32(0.1, 0.2, 0.3));
    // Label 0: 0.5 |0.25 - 0.5| + 0.5 Hb(0.25) = 0.125 + 0.40563906 in both modes.
    expect(reference.E[0]).toBeCloseTo(0.125 + 0.5 * HB_QUARTER, 6);
    expect(defined.E[0]).toBeCloseTo(0.125 + 0.5 * HB_QUARTER, 6);
    // Label 1: p = 1 exactly: (1 - p) log2(1 - p) = 0 * -inf = NaN; the defined E clamps to 1 - 1e-7.
    expect(Number.isNaN(reference.E[1]!)).toBe(true);
    expect(defined.E[1]).toBeGreaterThan(0);
    // Label 2: p = 1e-9 (float32 1e-9): no clamp, Hb = 1e-9 log2(1e9) + ~1e-9 / ln 2 = 3.13e-8, E = 1.57e-8;
    // the defined E clamps p to 1e-7: E = 1.23e-6.
    expect(reference.E[2]).toBeGreaterThan(1.4e-8);
    expect(reference.E[2]).toBeLessThan(1.7e-8);
    expect(defined.E[2]).toBeCloseTo(1.2348e-6, 9);
    expect(Array.from(reference.loss)).toEqual(Array.from(defined.loss));
    expect(Array.from(reference.F)).toEqual(Array.from(defined.F));
  });

  it('one NaN entry makes p_E uniform without a warning (the authors are silent), p_H unaffected', () => {
    const N = 4;
    const L = 2;
    const warnings: string[] = [];
    const E = f32(0.1, 0.2, 0.3, 0.4, 0.5, NaN, 0.7, 0.8);
    const loss = f32(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8);
    const base = { E, loss, F: new Float32Array(N * L), Y: new Uint8Array(N * L), Z: new Uint8Array(N * L), N, L, epoch: 20, epochs: 100, warn: (m: string) => warnings.push(m) };
    const reference = epochDetails({ ...base, config: { nan: 'reference' } });
    expect(reference.fallbackE).toBe(true);
    expect(reference.fallbackH).toBe(false);
    expectClose(reference.probsE, [0.25, 0.25, 0.25, 0.25], 12);
    expect(warnings).toEqual([]);
    // pi = beta / N + (1 - beta) p_H with beta(20) = 0.7 - 0.4 / 6.
    const beta = 0.7 - 0.4 / 6;
    expectClose(reference.pi, Array.from(reference.probsH, (p) => beta / N + (1 - beta) * p), 12);
    // The same NaN under nan: 'defined' is unexpected and warned about.
    epochDetails(base);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('D2ACE epoch 20: E scores are not finite');
  });
});

describe('knnReference', () => {
  // 2-D points: p0 (0,0), p1 (1,0), p2 (0,1), p3 (1,0) = duplicate of p1, p4 (3,0).
  // Squared distances:      to 0  1  2  3  4
  //   p0                       -  1  1  1  9   -> 1, 2 (three-way tie at 1: lower indices win)
  //   p1                       1  -  2  0  4   -> 3 (duplicate, distance 0), 0
  //   p2                       1  2  -  2  10  -> 0, 1 (tie 1 vs 3 at 2: lower index)
  //   p3                       1  0  2  -  4   -> 1, 0
  //   p4                       9  4  10 4  -   -> 1, 3 (tie at 4)
  const X = f32(0, 0, 1, 0, 0, 1, 1, 0, 3, 0);

  it('self first, then the k nearest others, ties by lower index, duplicates after self', () => {
    expect(Array.from(knnReference(X, 5, 2, 2))).toEqual([0, 1, 2, 1, 3, 0, 2, 0, 1, 3, 1, 0, 4, 1, 3]);
    // k = 1: p1's nearest other is its duplicate p3, and self still comes first
    expect(Array.from(knnReference(X, 5, 2, 1))).toEqual([0, 1, 1, 3, 2, 0, 3, 1, 4, 1]);
    // k = 0: only self
    expect(Array.from(knnReference(X, 5, 2, 0))).toEqual([0, 1, 2, 3, 4]);
  });

  it('pads with the instance itself when N - 1 < k', () => {
    expect(Array.from(knnReference(f32(0, 2), 2, 1, 3))).toEqual([0, 1, 0, 0, 1, 0, 1, 1]);
    expect(Array.from(knnReference(f32(5), 1, 1, 2))).toEqual([0, 0, 0]);
  });

  it('accumulates the distance in float32', () => {
    // p0 (0,0), p1 (1, 1e-4), p2 (1, 0): in float64 |p1|^2 = 1 + 1e-8 > |p2|^2 = 1, but 1 + 1e-8 rounds
    // to 1 in float32 (half an ulp of 1 is 6e-8), so p1 and p2 tie and the lower index p1 wins.
    expect(Array.from(knnReference(f32(0, 0, 1, 1e-4, 1, 0), 3, 2, 1)).slice(0, 2)).toEqual([0, 1]);
  });

  it('validates its inputs', () => {
    expect(() => knnReference(X, 5, 3, 2)).toThrow('knnReference: X has length 10, expected N*d = 5*3 = 15');
    expect(() => knnReference(X, 5, 2, -1)).toThrow('knnReference: k must be an integer >= 0, got -1');
    expect(() => knnReference(f32(0, NaN), 2, 1, 1)).toThrow('knnReference: X[1] (instance 1, feature 0) is not finite: NaN');
  });
});

describe('localContext', () => {
  it('Z_ij = 1 when any of the R neighbours (self included) has label j', () => {
    // Y: i0 {0}, i1 {1}, i2 {}, i3 {2}; neighbour rows (R = 2): [0,1], [1,2], [2,2], [3,0]
    const Y = u8(1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1);
    const Z = localContext(i32(0, 1, 1, 2, 2, 2, 3, 0), Y, 4, 3);
    expect(Array.from(Z)).toEqual([1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1]);
    // R = 1 (self only): Z = Y
    expect(Array.from(localContext(i32(0, 1, 2, 3), Y, 4, 3))).toEqual(Array.from(Y));
  });

  it('works with knnReference rows of 7 (self + 6)', () => {
    const N = 10;
    const X = new Float32Array(N).map((_, i) => i);
    const Y = new Uint8Array(N * 2);
    Y[0 * 2 + 0] = 1; // instance 0 has label 0
    Y[9 * 2 + 1] = 1; // instance 9 has label 1
    const knn = knnReference(X, N, 1, 6);
    // points 0..9 on a line: row 4 is 4, then 3, 5 (distance 1), 2, 6 (4), 1, 7 (9): 0 is not in it
    expect(Array.from(knn.subarray(4 * 7, 5 * 7))).toEqual([4, 3, 5, 2, 6, 1, 7]);
    const Z = localContext(knn, Y, N, 2);
    // instance 0 is within 3 steps of rows 0..3 (row 3: 2, 4, 1, 5, 0, 6), instance 9 of rows 6..9
    expect(Array.from(Z.filter((_, e) => e % 2 === 0))).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(Z.filter((_, e) => e % 2 === 1))).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('validates its inputs', () => {
    const Y = u8(1, 0, 0, 1);
    expect(() => localContext(i32(0, 1, 1), Y, 2, 2)).toThrow('localContext: neighbors has length 3, expected a positive multiple of N = 2');
    expect(() => localContext(i32(0, 2), Y, 2, 2)).toThrow('localContext: neighbor 2 at position 1 (instance 1) is out of range [0, 2)');
    expect(() => localContext(i32(0, 1), u8(1), 2, 2)).toThrow('localContext: Y has length 1, expected N*L = 2*2 = 4');
  });
});

describe('epochDetails on a hand-worked N = 4, L = 3 example', () => {
  // E (uncertainty)          Y (labels)     Z (local context)
  //   i0  .5  .5  .25        1 0 1          1 1 1
  //   i1  .5  .5  .75        1 1 0          1 1 0
  //   i2  0   .5  .75        0 1 0          0 1 0
  //   i3  0   .5  .25        0 0 1          0 0 1
  // loss / F chosen so that H = (2 - exp(-l)) (1 - F) ('reference') is:
  //   i0  .75 (l=ln2, F=.5)  .75 (l=0, F=.25)   1 (0, 0)
  //   i1  1   (0, 0)         1   (0, 0)         1 (0, 0)
  //   i2  .75 (0, .25)       .75 (ln2, .5)      .75 (ln2, .5)
  //   i3  1   (0, 0)         1   (0, 0)         .75 (0, .25)
  // epoch 20 of 40: s = 8 (1/8)^((20-10)/(40-10)) = 8 / 2 = 4; beta = 0.7 - 0.4 * 10/60 = 19/30.
  const LN2 = Math.LN2;
  const base = (): EpochInputs => ({
    E: f32(0.5, 0.5, 0.25, 0.5, 0.5, 0.75, 0, 0.5, 0.75, 0, 0.5, 0.25),
    loss: f32(LN2, 0, 0, 0, 0, 0, 0, LN2, LN2, 0, 0, 0),
    F: f32(0.5, 0.25, 0, 0, 0, 0, 0.25, 0.5, 0.5, 0, 0, 0.25),
    Y: u8(1, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1),
    Z: u8(1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1),
    N: 4,
    L: 3,
    epoch: 20,
    epochs: 40,
  });
  const d = epochDetails(base());
  const SQRT2 = Math.SQRT2;
  // quantised weights for s = 4, N = 4: w(q) = exp(-ln 4 * q / 4) = 2^(-q/2)
  const w = (q: number) => 2 ** (-q / 2);

  it('pressure and beta', () => {
    expect(d.pressure).toBeCloseTo(4, 12);
    expect(d.beta).toBeCloseTo(19 / 30, 12);
  });

  it('hardness H = (2 - exp(-l)) (1 - F)', () => {
    // e.g. (2 - 1/2)(1 - 0.5) = 0.75, (2 - 1)(1 - 0.25) = 0.75, (2 - 1)(1 - 0) = 1
    expectClose(d.hardness, [0.75, 0.75, 1, 1, 1, 1, 0.75, 0.75, 0.75, 1, 1, 0.75]);
  });

  it('label weights v = exp(0.5 mean + 0.5 population std)', () => {
    // E columns: [.5 .5 0 0] mean .25 std .25 -> e^.25; [.5 .5 .5 .5] mean .5 std 0 -> e^.25;
    //            [.25 .75 .75 .25] mean .5 std .25 -> e^.375
    expectClose(d.weightsE, [Math.exp(0.25), Math.exp(0.25), Math.exp(0.375)], 9);
    // H columns: each is a permutation of [.75 .75 1 1]: mean .875 std .125 -> e^.5
    expectClose(d.weightsH, [Math.exp(0.5), Math.exp(0.5), Math.exp(0.5)], 9);
  });

  it('relevant-label correlation: masked, column-normalised, C = M^T M, rows normalised, diagonal kept', () => {
    // E~ = E*Y: col0 [.5 .5 0 0], col1 [0 .5 .5 0] (E_i0,1 = .5 masked out), col2 [.25 0 0 .25]
    //   (E_i1,2, E_i2,2 masked out). Norms sqrt(.5), sqrt(.5), sqrt(.125): every nonzero entry of
    //   the normalised columns is 1/sqrt2. C: diagonal 1; C01 = (1/sqrt2)^2 (shared row i1) = .5;
    //   C02 = .5 (row i0); C12 = 0 (no shared row). Row sums 2, 1.5, 1.5 ->
    expectClose(d.correlationE, [0.5, 0.25, 0.25, 1 / 3, 2 / 3, 0, 1 / 3, 0, 2 / 3]);
    // H~ = H*Y: col0 [.75 1 0 0], col1 [0 1 .75 0], col2 [1 0 0 .75]; each norm 1.25, normalised
    //   col0 [.6 .8 0 0], col1 [0 .8 .6 0], col2 [.8 0 0 .6]. C01 = .8*.8 = .64 (i1), C02 = .6*.8 = .48 (i0),
    //   C12 = 0. Row sums 2.12, 1.64, 1.48 -> [25 16 12]/53, [16 25 0]/41, [12 0 25]/37
    expectClose(d.correlationH, [25 / 53, 16 / 53, 12 / 53, 16 / 41, 25 / 41, 0, 12 / 37, 0, 25 / 37]);
  });

  it('correlation strength S = Z C^T', () => {
    // S_ij = sum_k Z_ik C_jk: i0 (Z all 1) -> row sums of C = 1; i1 (Z 1 1 0) -> C_j0 + C_j1;
    // i2 (0 1 0) -> C_j1; i3 (0 0 1) -> C_j2
    expectClose(d.strengthE, [1, 1, 1, 0.75, 1, 1 / 3, 0.25, 2 / 3, 0, 0.25, 0, 2 / 3]);
    expectClose(d.strengthH, [1, 1, 1, 41 / 53, 1, 12 / 37, 16 / 53, 25 / 41, 0, 12 / 53, 0, 25 / 37]);
  });

  it('scores: sum_j v_j M_ij + sum_j v_j M_ij Y_ij S_ij', () => {
    const a = Math.exp(0.25);
    const b = Math.exp(0.375);
    // E, a = e^.25 (labels 0, 1), b = e^.375 (label 2):
    //   i0: (.5a + .5a + .25b) + (.5a*1 + .25b*1)           = 1.5a + .5b
    //   i1: (.5a + .5a + .75b) + (.5a*.75 + .5a*1)          = 1.875a + .75b
    //   i2: (.5a + .75b)       + (.5a*2/3)                   = (5/6)a + .75b
    //   i3: (.5a + .25b)       + (.25b*2/3)                  = .5a + (5/12)b
    expectClose(d.scoresE, [1.5 * a + 0.5 * b, 1.875 * a + 0.75 * b, (5 / 6) * a + 0.75 * b, 0.5 * a + (5 / 12) * b]);
    const c = Math.exp(0.5);
    //   H, all v = c: i0: c[(.75 + .75 + 1) + (.75*1 + 1*1)]   = 4.25c
    //                 i1: c[3 + (1*41/53 + 1*1)]                = (3 + 94/53)c
    //                 i2: c[2.25 + .75*25/41]                   = (2.25 + 18.75/41)c
    //                 i3: c[2.75 + .75*25/37]                   = (2.75 + 18.75/37)c
    expectClose(d.scoresH, [4.25 * c, (3 + 94 / 53) * c, (2.25 + 18.75 / 41) * c, (2.75 + 18.75 / 37) * c]);
  });

  it('value quantisation with s = 4', () => {
    // E: U = [2.65353, 3.49879, 2.16126, 1.24826], min i3, max i1, range 2.25053;
    //   u = [.62442, 1, .40568, 0]; (1-u)*4 = [1.502, 0, 2.377, 4] -> q = [2, 1 (clamped), 3, 4]
    //   w = 2^(-q/2) = [.5, 1/sqrt2, 1/(2 sqrt2), .25], sum T = .75 + 1.5/sqrt2 = 1.81066
    const T = 0.75 + 1.5 / SQRT2;
    expectClose(d.probsE, [w(2) / T, w(1) / T, w(3) / T, w(4) / T], 10);
    expectClose(d.probsE, [0.276142374915, 0.390524291751, 0.195262145876, 0.138071187458], 10);
    // H: U/c = [4.25, 4.77358, 2.70732, 3.25676], min i2, max i1; u = [.74660, 1, 0, .26591];
    //   (1-u)*4 = [1.014, 0, 4, 2.936] -> q = [2, 1, 4, 3]
    expectClose(d.probsH, [w(2) / T, w(1) / T, w(4) / T, w(3) / T], 10);
    // most useful / least useful = w(1)/w(4) = 4^(3/4) = s^((N-1)/N)
    expect(d.probsE[1]! / d.probsE[3]!).toBeCloseTo(4 ** 0.75, 10);
  });

  it('mixture pi = beta pE + (1 - beta) pH with beta = 19/30', () => {
    const T = 0.75 + 1.5 / SQRT2;
    // i0, i1 get the same probability from both; i2: (19 w3 + 11 w4)/(30 T); i3: (19 w4 + 11 w3)/(30 T)
    const expected = [w(2) / T, w(1) / T, (19 * w(3) + 11 * w(4)) / (30 * T), (19 * w(4) + 11 * w(3)) / (30 * T)];
    expectClose(d.pi, expected, 10);
    expectClose(d.pi, [0.276142374915, 0.390524291751, 0.174292127789, 0.159041205544], 10);
    expect(sum(d.pi)).toBeCloseTo(1, 12);
    expect(d.fallback).toBe(false);
    expect(Array.from(epochDistribution(base()))).toEqual(Array.from(d.pi));
  });

  it("lossNorm 'bounded' = 1 - exp(-l) instead of 'reference' = 2 - exp(-l)", () => {
    // bounded H = (1 - exp(-l)) (1 - F): (1/2)(1/2) = .25 at i0 label 0, i2 labels 1, 2; 0 wherever l = 0
    const bounded = epochDetails({ ...base(), lossNorm: 'bounded' });
    expectClose(bounded.hardness, [0.25, 0, 0, 0, 0, 0, 0, 0.25, 0.25, 0, 0, 0]);
    // the config knob gives the same; the EpochInputs field overrides it
    expectClose(epochDetails({ ...base(), config: { lossNorm: 'bounded' } }).hardness, Array.from(bounded.hardness));
    expectClose(epochDetails({ ...base(), lossNorm: 'reference', config: { lossNorm: 'bounded' } }).hardness, Array.from(d.hardness));
    // weights: col0 [.25 0 0 0]: mean 1/16, std sqrt(1/64 - 1/256) = sqrt(3)/16 -> exp(1/32 + sqrt(3)/32)
    expectClose(bounded.weightsH, [1, 1, 1].map(() => Math.exp(1 / 32 + Math.sqrt(3) / 32)), 8);
    // H~ = H*Y: col0 [.25 0 0 0], col1 [0 0 .25 0], col2 all 0 (norm 0: stays 0, no NaN) ->
    //   C = diag(1, 1, 0) (no shared rows), row 2 = 0 / (0 + eps) = 0
    expectClose(bounded.correlationH, [1, 0, 0, 0, 1, 0, 0, 0, 0]);
    // scores (v = exp(.085377) = 1.089127): i0 .25v + .25v*1*S00 (=1) = .5v; i1 0; i2 .25v*2 + .25v*1*1 = .75v; i3 0
    const v = Math.exp(1 / 32 + Math.sqrt(3) / 32);
    expectClose(bounded.scoresH, [0.5 * v, 0, 0.75 * v, 0]);
    // u = [2/3, 0, 1, 0]; (1-u)*4 = [4/3, 4, 0, 4] -> q = [2, 4, 1, 4]
    const T = w(2) + w(4) + w(1) + w(4);
    expectClose(bounded.probsH, [w(2) / T, w(4) / T, w(1) / T, w(4) / T], 10);
    // the E side does not depend on lossNorm
    expectClose(bounded.probsE, Array.from(d.probsE), 12);
  });
});

describe('epochDetails: schedule, fallbacks, shape of the distribution', () => {
  const flat = (N: number, L: number, epoch = 20, epochs = 100): EpochInputs => ({
    E: new Float32Array(N * L),
    loss: new Float32Array(N * L),
    F: new Float32Array(N * L),
    Y: new Uint8Array(N * L),
    Z: new Uint8Array(N * L),
    N,
    L,
    epoch,
    epochs,
  });

  it('pressure and beta at epochs 0, 10, 20, 40, 70, 99 of 100', () => {
    const at = (epoch: number) => epochDetails(flat(3, 2, epoch, 100));
    // s = 8 before and at 10; then 8 (1/8)^((e-10)/90): e=20: 8^(8/9) = 6.3496; 40: 8^(2/3) = 4; 70: 8^(1/3) = 2; 99: 8^(1/90) = 1.0234
    const pressure = [8, 8, 6.349604207872798, 4, 2, 1.023373891996775];
    // beta = 0.7 until 10, 0.7 - 0.4 (e - 10)/60 until 70, then 0.3: 0.7, 0.7, 0.6333, 0.5, 0.3, 0.3
    const beta = [0.7, 0.7, 0.7 - 0.4 / 6, 0.5, 0.3, 0.3];
    [0, 10, 20, 40, 70, 99].forEach((epoch, k) => {
      const d = at(epoch);
      expect(d.pressure, `s(${epoch})`).toBeCloseTo(pressure[k]!, 10);
      expect(d.beta, `beta(${epoch})`).toBeCloseTo(beta[k]!, 12);
    });
    expect(at(20).pressure).toBeCloseTo(6.35, 2);
  });

  it('all-equal scores give the uniform distribution without a fallback', () => {
    // E = 0 everywhere -> E-scores 0; loss = F = 0, Y = 0 -> H = 1, every H-score = sum_j v_j = L e^.5
    const d = epochDetails(flat(5, 3));
    expectClose(d.scoresE, [0, 0, 0, 0, 0]);
    expectClose(d.scoresH, new Array(5).fill(3 * Math.exp(0.5)));
    expectClose(d.pi, new Array(5).fill(0.2), 12);
    expect(d.fallback).toBe(false);
  });

  it('NaN input falls back to uniform for the affected side, with one warning naming the epoch', () => {
    const warnings: string[] = [];
    const inputs = { ...flat(4, 2, 37), warn: (m: string) => warnings.push(m) };
    inputs.E.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    inputs.loss.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    inputs.E[3] = NaN;
    const d = epochDetails(inputs);
    expect(d.fallback).toBe(true);
    expect(Number.isNaN(d.scoresE[1])).toBe(true);
    expectClose(d.probsE, [0.25, 0.25, 0.25, 0.25], 12);
    expect(d.probsH[3]!).toBeGreaterThan(d.probsH[0]!); // H side unaffected (loss grows with i)
    expect(sum(d.pi)).toBeCloseTo(1, 12);
    expect(warnings).toEqual([
      'D2ACE epoch 37: E scores are not finite or their total is not positive; using the uniform distribution for E',
    ]);

    warnings.length = 0;
    inputs.loss[0] = NaN;
    const both = epochDetails(inputs);
    expectClose(both.pi, [0.25, 0.25, 0.25, 0.25], 12);
    expect(both.fallback).toBe(true);
    expect(warnings).toEqual([
      'D2ACE epoch 37: E and H scores are not finite or their total is not positive; using the uniform distribution for E and H',
    ]);

    // no warn callback: still no throw
    expect(() => epochDistribution({ ...inputs, warn: undefined })).not.toThrow();
  });

  it('pi sums to 1 and the most useful instance gets about s times the probability of the least useful one', () => {
    const N = 1000;
    const inputs = flat(N, 2, 10, 100); // s = 8
    for (let i = 0; i < N; i++) {
      inputs.E.set([i / N, i / N], 2 * i);
      inputs.loss.set([i / N, i / N], 2 * i);
    }
    const d = epochDetails(inputs);
    expect(d.pressure).toBe(8);
    expect(sum(d.pi)).toBeCloseTo(1, 12);
    // q = 1 for the best, N for the worst: ratio exp(ln 8 (N-1)/N) = 8^0.999 = 7.9834
    expect(d.pi[N - 1]! / d.pi[0]!).toBeCloseTo(8 ** (1 - 1 / N), 9);
    expect(d.pi[N - 1]! / d.pi[0]!).toBeGreaterThan(0.99 * 8);
    for (let i = 1; i < N; i++) expect(d.pi[i]!).toBeGreaterThanOrEqual(d.pi[i - 1]!);
  });

  it('validates its inputs', () => {
    const ok = flat(2, 2);
    expect(() => epochDetails({ ...ok, E: f32(1, 2, 3) })).toThrow('epochDetails: E has length 3, expected N*L = 2*2 = 4');
    expect(() => epochDetails({ ...ok, Z: u8(0, 1) })).toThrow('epochDetails: Z has length 2, expected N*L = 2*2 = 4');
    expect(() => epochDetails({ ...ok, Y: u8(0, 2, 0, 0) })).toThrow('epochDetails: Y[1] must be 0 or 1, got 2');
    expect(() => epochDetails({ ...ok, epoch: -1 })).toThrow('epochDetails: epoch must be an integer >= 0, got -1');
    expect(() => epochDetails({ ...ok, epochs: 0 })).toThrow('epochDetails: epochs must be an integer >= 1, got 0');
    expect(() => epochDetails({ ...ok, lossNorm: 'log' as never })).toThrow(
      "invalid D2ACE configuration: lossNorm must be 'reference' or 'bounded', got 'log'",
    );
  });
});

describe('randomized states (N = 50, L = 7)', () => {
  const rng = seededRandom;

  it('gives a probability vector, and raising one instance E row never lowers its E-score', () => {
    const N = 50;
    const L = 7;
    for (let trial = 0; trial < 40; trial++) {
      const r = rng(1000 + trial);
      const Y = new Uint8Array(N * L).map(() => (r() < 0.3 ? 1 : 0));
      const X = new Float32Array(N * 3).map(() => r());
      const inputs: EpochInputs = {
        E: new Float32Array(N * L).map(() => r()),
        loss: new Float32Array(N * L).map(() => 3 * r()),
        F: new Float32Array(N * L).map(() => r()),
        Y,
        Z: localContext(knnReference(X, N, 3, 6), Y, N, L),
        N,
        L,
        epoch: Math.floor(100 * r()),
        epochs: 100,
        lossNorm: r() < 0.5 ? 'reference' : 'bounded',
      };
      const d = epochDetails(inputs);
      expect(d.fallback).toBe(false);
      expect(d.pi.length).toBe(N);
      for (const p of d.pi) {
        expect(Number.isFinite(p)).toBe(true);
        expect(p).toBeGreaterThan(0);
      }
      expect(sum(d.pi)).toBeCloseTo(1, 12);
      expect(sum(d.probsE)).toBeCloseTo(1, 12);
      expect(sum(d.probsH)).toBeCloseTo(1, 12);

      const target = Math.floor(N * r());
      const E = inputs.E.slice();
      for (let j = 0; j < L; j++) E[target * L + j] = E[target * L + j]! + 0.5 * r();
      const raised = epochDetails({ ...inputs, E });
      expect(raised.scoresE[target]!).toBeGreaterThanOrEqual(d.scoresE[target]!);
      // the H side does not see E
      expect(Array.from(raised.scoresH)).toEqual(Array.from(d.scoresH));
    }
  });
});
