/** Per-dataset choices of the reference protocol (browser-safe). */

/**
 * The reference runs keep 2% of the feature columns for the rcv1 subsets (47,236 tf-idf
 * features) and 5% for the Yahoo sets (tens of thousands). The stored variants here were
 * already reduced (rcv1 "top944" = 2% of 47,236; the 462-feature Yahoo MLL variant), so they
 * keep everything.
 */
export function referenceFeatureFraction(name: string): { fraction: number; note?: string } {
  const n = name.toLowerCase();
  if (/^rcv1subset\d-top944$/.test(n)) return { fraction: 1, note: 'already the top 944 = 2% of 47,236 features' };
  if (/^rcv1subset\d$/.test(n)) return { fraction: 0.02 };
  if (n === 'yahoo-arts-mll') return { fraction: 1, note: 'already a reduced 462-feature variant' };
  if (/^yahoo|^(arts|business|computers|education|entertainment|health|recreation|reference|science|social|society)\d?$/.test(n)) return { fraction: 0.05 };
  return { fraction: 1 };
}
