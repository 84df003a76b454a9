import { existsSync, mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { DemoState } from '../src/demo-state.js';
import { moonsStatistics } from './moons-statistics.js';

const CHROMIUM = process.env['UDM_CHROMIUM'] ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
/** Set UDM_SCREENSHOT=1 to rewrite images/browser-demo.png from this run. */
const SCREENSHOT =
  process.env['UDM_SCREENSHOT'] === '1' ? join(ROOT, 'images', 'browser-demo.png') : undefined;
/** Set UDM_BROWSER_BACKEND=webgl|wasm|cpu to load the page with `?backend=` (default: the page's own choice). */
const BACKEND = process.env['UDM_BROWSER_BACKEND'];

const skipReason = existsSync(CHROMIUM)
  ? ''
  : ` (SKIPPED: ${CHROMIUM} not found; install Debian's chromium: apt-get install -y chromium)`;
if (skipReason) console.warn(`browser demo e2e test${skipReason}`);

/** Newest modification time under a folder. */
function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
}

/** `npm run build` builds the page; build it here too when dist/ is missing or older than the page's sources. */
async function ensureBuilt(): Promise<void> {
  const index = join(DIST, 'index.html');
  const sources = Math.max(
    newest(join(ROOT, 'src')),
    newest(join(ROOT, 'public')),
    statSync(join(ROOT, 'index.html')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

function demo(page: Page): Promise<DemoState> {
  return page.evaluate(() => {
    const { timeSampling: _, ...rest } = window.udmDemo;
    return rest as DemoState;
  });
}

async function waitForStatus(page: Page, wanted: DemoState['status']): Promise<DemoState> {
  await page.waitForFunction(
    (w) => window.udmDemo !== undefined && (window.udmDemo.status === w || window.udmDemo.status === 'error'),
    wanted,
    { timeout: 45_000 },
  );
  const state = await demo(page);
  if (state.status === 'error') throw new Error(`page error: ${state.error}`);
  return state;
}

/** Pixels of the canvas that are drawn in the points' colour (red, not the grey axes or black text). */
function countPointPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.getElementById('canvas') as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i]! > 150 && data[i + 1]! < 110 && data[i + 2]! < 110) n++;
    return n;
  });
}

async function sampleWithSeed(page: Page, seed: number): Promise<DemoState> {
  await page.fill('#seed', String(seed));
  await page.click('#sample');
  await page.waitForFunction(() => window.udmDemo.status === 'sampling' || window.udmDemo.status === 'error');
  return waitForStatus(page, 'done');
}

describe.skipIf(skipReason !== '')(`browser demo in Debian chromium${skipReason}`, () => {
  let server: PreviewServer;
  let context: BrowserContext;
  let userDataDir: string;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    server = await preview({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    userDataDir = mkdtempSync(join(tmpdir(), 'udm-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 620, height: 860 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('loads the checkpoint, draws every DDIM step on the canvas, and the final points are two moons', async () => {
    const url = server.resolvedUrls?.local[0];
    expect(url, 'preview server URL').toBeDefined();
    await page.goto(BACKEND ? `${url!}?backend=${encodeURIComponent(BACKEND)}` : url!);
    const ready = await waitForStatus(page, 'ready');
    expect(['webgl', 'wasm', 'cpu']).toContain(ready.backend);
    expect(await countPointPixels(page)).toBe(0);

    const first = await sampleWithSeed(page, 7);
    expect(first.framesDrawn).toBe(51); // x_T and the 50 DDIM steps of the checkpoint's config
    expect(first.points).toHaveLength(4000);
    expect(first.points.every(Number.isFinite)).toBe(true);
    expect(await countPointPixels(page)).toBeGreaterThan(1000);
    const s = moonsStatistics(Float32Array.from(first.points));
    expect(s.slicedW1).toBeLessThan(0.15);
    expect(s.slicedW1).toBeLessThan(0.3 * s.priorSlicedW1);
    expect(s.medianCurveDistance).toBeLessThan(0.15);
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The same seed gives the same points; another seed others; no tensor leaks from run to run.
    const again = await sampleWithSeed(page, 7);
    expect(again.points).toEqual(first.points);
    expect(again.numTensors).toBe(first.numTensors);
    const other = await sampleWithSeed(page, 8);
    expect(other.points).not.toEqual(first.points);
    expect(other.numTensors).toBe(first.numTensors);

    // Sampling time in the browser: live (with a frame per step) and udm.sample() in one go (second, warm call).
    await page.evaluate(() => window.udmDemo.timeSampling!(2000, 50));
    const oneShot = await page.evaluate(() => window.udmDemo.timeSampling!(2000, 50));
    console.info(
      `browser demo on ${ready.backend}: 2,000 points, DDIM-50: live ${first.liveSeconds!.toFixed(2)} s ` +
        `(${other.liveSeconds!.toFixed(2)} s warm, drawing each of 51 states); udm.sample() ${oneShot.toFixed(3)} s; ` +
        `s-W1 ${s.slicedW1.toFixed(4)} (N(0, I): ${s.priorSlicedW1.toFixed(4)}), median distance to the moons ` +
        `${s.medianCurveDistance.toFixed(4)}`,
    );
    expect(consoleErrors).toEqual([]);
  });
});
