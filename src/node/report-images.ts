/**
 * The HTML report's charts as PNG files, for documents that cannot run scripts (Markdown on a
 * code host): the report opens from disk in headless Chromium, and each chart and each
 * critical-difference diagram is captured as an image.
 */
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findChromium } from './chromium';
import { optionalImport } from './optional-import';

export interface ReportImage {
  file: string;
  title: string;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

/** Writes one PNG per chart of `htmlFile` into `dir`; returns them in page order with their titles. */
export async function captureReportImages(htmlFile: string, dir: string): Promise<ReportImage[]> {
  mkdirSync(dir, { recursive: true });
  const { chromium } = await optionalImport('playwright-core', 'report --images', () => import('playwright-core'));
  const browser = await chromium.launch({ executablePath: findChromium() });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(resolve(htmlFile)).href);
    await page.waitForLoadState('load');
    if (errors.length) throw new Error(`${htmlFile}: the report failed in the browser: ${errors.join('; ')}`);
    const images: ReportImage[] = [];
    const boxes = page.locator('.chart, .cdbox');
    const count = await boxes.count();
    for (let i = 0; i < count; i++) {
      const box = boxes.nth(i);
      // Chart.js draws its title inside the canvas; the CD diagrams carry it in the SVG.
      const title = await box.evaluate((el) => {
        const svg = el.querySelector('svg');
        if (svg) return svg.getAttribute('aria-label') ?? 'critical-difference diagram';
        const chart = (window as unknown as { Chart?: { getChart(c: HTMLCanvasElement): { options: { plugins?: { title?: { text?: string } } } } | undefined } }).Chart?.getChart(el.querySelector('canvas')!);
        return String(chart?.options.plugins?.title?.text ?? `chart ${i + 1}`);
      });
      const file = join(dir, `${String(i + 1).padStart(2, '0')}-${slug(title)}.png`);
      writeFileAtomic(file, await box.screenshot());
      images.push({ file, title });
    }
    return images;
  } finally {
    await browser.close();
  }
}
