import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { syntheticDataset } from '../../src/data/synthetic';
import { clifParameterCount, createBackbone, type Backbone, type BackboneKind } from '../../src/models';
import { dropoutMask, dropoutMaskReference } from '../../src/models/dropout';
import { bceWithLogits } from '../../src/models/loss';
import { AdamL2, DEFAULT_OPTIMIZER_CONFIG, warmupLearningRate } from '../../src/train/optimizer';
import { trainStep } from '../../src/train/step';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();
const SMALL = { hidden: 16, mlpWidths: [16] };
const B = 32;

function fixture(seed = 1) {
  const ds = syntheticDataset({ instances: B, features: 12, labels: 5, cardinality: 2, seed });
  return { x: tf.tensor2d(ds.features, [B, 12]), y: tf.tensor2d(ds.labels, [B, 5], 'float32') };
}

const kinds: BackboneKind[] = ['mlp', 'clif'];

describe.each(kinds)('%s backbone', (kind) => {
  it('has the right output shapes in training and inference', async () => {
    runtime();
    const { x, y } = fixture();
    const model = createBackbone(kind, 12, 5, SMALL, 7);
    const out = model.trainForward(x, y, 0);
    expect(out.logits.shape).toEqual([B, 5]);
    expect(out.bce.shape).toEqual([B, 5]);
    expect(out.loss.shape).toEqual([]);
    const probs = model.predict(x);
    expect(probs.shape).toEqual([B, 5]);
    const p = await probs.data();
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
    tf.dispose([out.logits, out.bce, out.loss, probs, x, y]);
    model.dispose();
  });

  it('returns the per-entry BCE of the same forward pass, equal to a hand computation', async () => {
    runtime();
    const { x, y } = fixture(2);
    const model = createBackbone(kind, 12, 5, SMALL, 8);
    const out = model.trainForward(x, y, 3);
    const [z, t, bce] = await Promise.all([out.logits.data(), y.data(), out.bce.data()]);
    let maxErr = 0;
    let sum = 0;
    for (let i = 0; i < z.length; i++) {
      const expected = Math.max(z[i]!, 0) - z[i]! * t[i]! + Math.log1p(Math.exp(-Math.abs(z[i]!)));
      maxErr = Math.max(maxErr, Math.abs(expected - bce[i]!));
      sum += expected;
    }
    expect(maxErr).toBeLessThan(1e-5);
    if (kind === 'mlp') expect((await out.loss.data())[0]).toBeCloseTo(sum / z.length, 5);
    else expect((await out.loss.data())[0]).toBeGreaterThan(sum / z.length); // plus the link regulariser
    tf.dispose([out.logits, out.bce, out.loss, x, y]);
    model.dispose();
  });

  it('is reproducible for a seed and different for another', async () => {
    runtime();
    const weights = async (seed: number) => {
      const model = createBackbone(kind, 12, 5, SMALL, seed);
      const values = await Promise.all(model.trainableVariables.map((v) => v.data()));
      model.dispose();
      return values.map((v) => Array.from(v));
    };
    expect(await weights(5)).toEqual(await weights(5));
    expect(await weights(5)).not.toEqual(await weights(6));
  });

  it('trains: the loss falls, with no readback and a flat tensor count', async () => {
    const { ctx } = runtime();
    const { x, y } = fixture(3);
    const model = createBackbone(kind, 12, 5, SMALL, 9);
    const optimizer = new AdamL2({ ...DEFAULT_OPTIMIZER_CONFIG, learningRate: 3e-3 });
    const losses: tf.Scalar[] = [];
    const counts: number[] = [];
    const readbacks = ctx.readbacks.snapshot();
    for (let step = 0; step < 40; step++) {
      const out = trainStep(model, optimizer, x, y, step);
      losses.push(out.loss);
      tf.dispose([out.probs, out.bce]);
      counts.push(tf.memory().numTensors - losses.length);
    }
    expect(ctx.readbacks.since(readbacks).total).toBe(0);
    // Adam creates its moment variables at the first step; from then on nothing accumulates.
    expect(new Set(counts.slice(1)).size).toBe(1);
    const values = await Promise.all(losses.map(async (l) => (await l.data())[0]!));
    const first = (values[0]! + values[1]! + values[2]!) / 3;
    const last = (values[37]! + values[38]! + values[39]!) / 3;
    expect(last).toBeLessThan(0.85 * first);
    tf.dispose([...losses, x, y]);
    optimizer.dispose();
    model.dispose();
  });

  it('restores a snapshot to identical predictions after training moved on', async () => {
    runtime();
    const { x, y } = fixture(4);
    const model: Backbone = createBackbone(kind, 12, 5, SMALL, 10);
    const optimizer = new AdamL2({ ...DEFAULT_OPTIMIZER_CONFIG, learningRate: 1e-2 });
    const before = await model.predict(x).data();
    const snapshot = model.snapshot();
    for (let step = 0; step < 3; step++) tf.dispose(Object.values(trainStep(model, optimizer, x, y, step)).filter((t) => t instanceof tf.Tensor));
    const moved = await model.predict(x).data();
    expect(Array.from(moved)).not.toEqual(Array.from(before));
    model.restore(snapshot);
    expect(Array.from(await model.predict(x).data())).toEqual(Array.from(before));
    snapshot.dispose();
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});

describe('CLIF', () => {
  it.each([
    [12, 5, 16],
    [103, 14, 768],
    [499, 374, 64],
    [7, 1, 3],
  ])('parameter count equals the formula for d=%i, L=%i, H=%i', (d, L, H) => {
    runtime();
    const model = createBackbone('clif', d, L, { hidden: H }, 0);
    expect(model.parameterCount()).toBe(clifParameterCount(d, L, H));
    model.dispose();
  });

  it('the formula, by hand for d=2, L=3, H=4', () => {
    // m = 2; GIN per layer: Linear(3,2) 8 + BN(2) 4 + Linear(2,3) 9 + BN(3) 6 + eps 1 = 28 -> 56;
    // label branch 3*4+4 = 16; features 2*4+4 + 2*(16+4) = 52; joint 16+4 = 20; classifier 12+3 = 15.
    expect(clifParameterCount(2, 3, 4)).toBe(159);
  });

  it('is deterministic in inference and uses different dropout masks per step in training', async () => {
    runtime();
    const { x, y } = fixture(5);
    const model = createBackbone('clif', 12, 5, SMALL, 11);
    const p1 = await model.predict(x).data();
    const p2 = await model.predict(x).data();
    expect(Array.from(p1)).toEqual(Array.from(p2));
    const a = model.trainForward(x, y, 1);
    const b = model.trainForward(x, y, 2);
    expect(Array.from(await a.logits.data())).not.toEqual(Array.from(await b.logits.data()));
    tf.dispose([a.logits, a.bce, a.loss, b.logits, b.bce, b.loss, x, y]);
    model.dispose();
  });
});

describe('building blocks', () => {
  it('BCE with logits by hand', async () => {
    runtime();
    const bce = bceWithLogits(tf.tensor2d([[0, 2, -30]]), tf.tensor2d([[1, 0, 1]]));
    const v = await bce.data();
    expect(v[0]).toBeCloseTo(Math.LN2, 6);
    expect(v[1]).toBeCloseTo(2 + Math.log1p(Math.exp(-2)), 6);
    expect(v[2]).toBeCloseTo(30, 4); // stable for large |z|
  });

  it('GPU dropout masks equal their TypeScript twin bit for bit', async () => {
    runtime();
    const mask = dropoutMask([50, 41], 0.8, 1234, 99);
    const gpu = await mask.data();
    expect(Array.from(gpu)).toEqual(Array.from(dropoutMaskReference(50 * 41, 0.8, 1234, 99)));
    const kept = Array.from(gpu).filter((v) => v > 0).length / gpu.length;
    expect(kept).toBeGreaterThan(0.76);
    expect(kept).toBeLessThan(0.84);
    mask.dispose();
  });

  it('Adam with L2 weight decay matches a hand-computed first step; warm-up is linear', async () => {
    runtime();
    const w = tf.variable(tf.scalar(2), true, 'adam_check_w');
    const optimizer = new AdamL2({ ...DEFAULT_OPTIMIZER_CONFIG, learningRate: 0.1, weightDecay: 0.5, warmupSteps: 0 });
    // loss = w^2 / 2 -> g = w = 2; L2: g' = 2 + 0.5 * 2 = 3; first Adam step moves by lr * g'/(|g'| + eps).
    const { grads } = tf.variableGrads(() => tf.div(tf.square(w), 2) as tf.Scalar, [w]);
    optimizer.apply(grads, [w], 0);
    expect((await w.data())[0]).toBeCloseTo(2 - 0.1 * (3 / (3 + 1e-8)), 5);
    tf.dispose(grads);
    optimizer.dispose();
    w.dispose();
    const schedule = { ...DEFAULT_OPTIMIZER_CONFIG, learningRate: 1e-4, warmupSteps: 10 };
    expect(warmupLearningRate(schedule, 0)).toBeCloseTo(1e-5, 12);
    expect(warmupLearningRate(schedule, 4)).toBeCloseTo(5e-5, 12);
    expect(warmupLearningRate(schedule, 9)).toBeCloseTo(1e-4, 12);
    expect(warmupLearningRate(schedule, 500)).toBe(1e-4);
  });

  it('rejects bad configurations with clear errors', () => {
    expect(() => createBackbone('clif', 0, 5, { hidden: -1, dropout: 1 })).toThrow(
      'invalid clif backbone: number of features must be a positive integer, got 0; hidden must be a positive integer, got -1; dropout must be in [0, 1), got 1',
    );
    expect(() => createBackbone('transformer' as BackboneKind, 3, 3)).toThrow("unknown backbone 'transformer': expected 'mlp' or 'clif'");
    expect(() => new AdamL2({ ...DEFAULT_OPTIMIZER_CONFIG, learningRate: 0 })).toThrow('optimizer learningRate must be > 0, got 0');
  });
});
