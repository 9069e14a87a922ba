/**
 * Runs project code inside headless Chromium: a Vite server (on 127.0.0.1, a secure context)
 * serves src/browser/runner.html, Playwright drives Debian's Chromium with WebGPU enabled.
 */
import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { CHROMIUM_WEBGPU_ARGS, findChromium } from './chromium';
import { optionalImport } from './optional-import';
import { PACKAGE_ROOT } from './package-root';

export interface BrowserSession {
  page: Page;
  /** Console lines the page printed (warnings and errors help explain failures). */
  console: string[];
  close(): Promise<void>;
}

export async function openBrowserSession(pagePath = '/src/browser/runner.html'): Promise<BrowserSession> {
  const executablePath = findChromium();
  const { chromium } = await optionalImport('playwright-core', 'the browser runtime', () => import('playwright-core'));
  const { createServer } = await optionalImport('vite', 'the browser runtime', () => import('vite'));
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await createServer({
      root: PACKAGE_ROOT,
      configFile: `${PACKAGE_ROOT}vite.config.ts`,
      logLevel: 'error',
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    });
    await server.listen();
    const address = server.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('the Vite server did not report a port');
    browser = await chromium.launch({ executablePath, args: CHROMIUM_WEBGPU_ARGS });
    const page = await browser.newPage();
    const lines: string[] = [];
    page.on('console', (message) => lines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => lines.push(`pageerror: ${error.message}`));
    await page.goto(`http://127.0.0.1:${address.port}${pagePath}`);
    await page.waitForFunction(() => (globalThis as { d2aceReady?: boolean }).d2aceReady === true, undefined, {
      timeout: 120_000,
    });
    const openServer = server;
    const openBrowser = browser;
    return {
      page,
      console: lines,
      async close() {
        await openBrowser.close();
        await openServer.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.close();
    throw error;
  }
}
