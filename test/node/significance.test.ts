import { describe, expect, it } from 'vitest';
import { groupRuns } from '../../src/report/aggregate';
import { renderCdDiagram } from '../../src/report/cd-diagram';
import { acrossDatasetsMarkdown, significanceMarkdown, verdictsMarkdown } from '../../src/report/significance-sections';
import { acrossDatasets, cliques, pairedComparisons } from '../../src/report/significance';
import { fakeRun } from '../support/fake-run';


describe('paired comparisons over folds', () => {
  // d2ace beats uniform on every fold of yeast by 0.01..0.05; obs equals uniform.
  const gains = [0.01, 0.02, 0.03, 0.04, 0.05];
  const results = [0, 1, 2, 3, 4].flatMap((fold) => [
    fakeRun('yeast', 'uniform', fold, 0.6 + fold * 0.01),
    fakeRun('yeast', 'd2ace', fold, 0.6 + fold * 0.01 + gains[fold]!),
    fakeRun('yeast', 'obs', fold, 0.6 + fold * 0.01),
  ]);
  const groups = groupRuns(results);

  it('pairs runs by fold and seed, with n_test / n_train from the result files', () => {
    const rows = pairedComparisons(groups, ['macro_auc']);
    const d2aceVsUniform = rows.find((r) => r.method === 'd2ace' && r.baseline === 'uniform')!;
    expect(d2aceVsUniform.testTrainRatio).toBeCloseTo(300 / 1200, 12);
    expect(d2aceVsUniform.comparison.n).toBe(5);
    expect(d2aceVsUniform.comparison.meanDifference).toBeCloseTo(0.03, 12);
    // The hand-worked case of stats.test.ts: t = 2.828, p = 0.0474; Wilcoxon 0.0625; 5 wins.
    expect(d2aceVsUniform.comparison.p).toBeCloseTo(0.0474207, 5);
    expect(d2aceVsUniform.comparison.wilcoxonP).toBeCloseTo(0.0625, 12);
    expect([d2aceVsUniform.comparison.wins, d2aceVsUniform.comparison.ties, d2aceVsUniform.comparison.losses]).toEqual([5, 0, 0]);
    const obsVsUniform = rows.find((r) => r.method === 'obs' && r.baseline === 'uniform')!;
    expect([obsVsUniform.comparison.wins, obsVsUniform.comparison.ties, obsVsUniform.comparison.losses]).toEqual([0, 5, 0]);
    expect(obsVsUniform.comparison.p).toBe(1);
    // Every method is also compared with D2ACE: uniform loses to it.
    const uniformVsD2ace = rows.find((r) => r.method === 'uniform' && r.baseline === 'd2ace')!;
    expect(uniformVsD2ace.comparison.losses).toBe(5);
  });

  it('a lower-is-better metric turns the sign: a smaller loss is a win', () => {
    const rows = pairedComparisons(groups, ['ranking_loss']);
    const d2aceVsUniform = rows.find((r) => r.method === 'd2ace' && r.baseline === 'uniform')!;
    expect(d2aceVsUniform.comparison.meanDifference).toBeCloseTo(-0.03, 12);
    expect(d2aceVsUniform.comparison.losses).toBe(5);
  });

  it('reports the comparison in words, bold where p < 0.05', () => {
    const md = significanceMarkdown(groups, ['macro_auc']);
    expect(md).toContain('**yeast · mlp: against uniform** (5 paired runs, n_test/n_train 0.250)');
    expect(md).toContain('| macro_auc | **+0.0300 [+0.0006, +0.0594] t p=0.047, W p=0.063, 5/0/0** |');
  });
});

describe('verdicts in plain words', () => {
  it('says where D2ACE is significantly better, worse, or not different', () => {
    const gains = [0.01, 0.02, 0.03, 0.04, 0.05];
    const results = [0, 1, 2, 3, 4].flatMap((fold) => [
      fakeRun('yeast', 'uniform', fold, 0.6 + fold * 0.01),
      fakeRun('yeast', 'd2ace', fold, 0.6 + fold * 0.01 + gains[fold]!),
      fakeRun('yeast', 'obs', fold, 0.6 + fold * 0.01 + gains[fold]! + (fold % 2 ? 0.001 : -0.001)),
    ]);
    const text = verdictsMarkdown(groupRuns(results), ['macro_auc', 'ranking_loss']);
    // ranking_loss is lower-is-better: the same +gain is worse there.
    expect(text).toContain('- yeast · mlp: **d2ace vs uniform** (5 paired runs): significantly better on macro_auc; significantly worse on ranking_loss.');
    expect(text).toContain('- yeast · mlp: **d2ace vs obs** (5 paired runs): no significant difference on 2 of 2 metrics.');
  });
});

describe('across datasets', () => {
  it("runs Friedman's test on the methods' mean ranks and needs two datasets", () => {
    const results = ['a', 'b', 'c'].flatMap((dataset, i) => [fakeRun(dataset, 'uniform', 0, 0.5), fakeRun(dataset, 'd2ace', 0, 0.6 + i / 100), fakeRun(dataset, 'obs', 0, 0.55)]);
    const groups = groupRuns(results);
    const a = acrossDatasets(groups, 'mlp', 'macro_auc')!;
    expect(a.methods).toEqual(['d2ace', 'obs', 'uniform']);
    expect(a.friedman.averageRanks).toEqual([1, 2, 3]);
    expect(a.friedman.chiSquare).toBeCloseTo(6, 12); // perfect agreement: N (k - 1)
    expect(a.criticalDifference).toBeCloseTo(2.3437 * Math.sqrt(12 / 18), 3);
    expect(acrossDatasetsMarkdown(groups, ['macro_auc'])).toContain('| mlp | macro_auc | 1.00 | 2.00 | 3.00 | Friedman χ²(2) = 6.00');
    expect(acrossDatasets(groupRuns(results.filter((r) => r.dataset.name === 'a')), 'mlp', 'macro_auc')).toBeUndefined();
  });

  it('joins methods closer than the critical difference in the CD diagram', () => {
    // Ranks 1, 1.5, 3, 3.2 with CD 1: {1, 1.5} and {3, 3.2} are groups, nothing joins 1.5 and 3.
    expect(cliques([1, 1.5, 3, 3.2], 1)).toEqual([[0, 1], [2, 3]]);
    expect(cliques([1, 2, 3], 5)).toEqual([[0, 2]]);
    expect(cliques([1, 2, 3], 0.5)).toEqual([]);
    const svg = renderCdDiagram({ title: 'mlp · macro_auc', methods: ['x', 'y', 'z'], averageRanks: [1, 2, 3], criticalDifference: 1.5 });
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('CD = 1.50');
    expect(svg).toContain('x (1.00)');
    expect((svg.match(/stroke-width="4"/g) ?? []).length).toBe(2); // {x, y} and {y, z}
  });
});
