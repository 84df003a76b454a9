import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadCheckpoint, sampleRun } from '@udm/cli';
import type { DemoState } from '../src/demo-state.js';
import type { TrainState } from '../src/train-state.js';
import { moonsStatistics } from './moons-statistics.js';

const CHROMIUM = process.env['UDM_CHROMIUM'] ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
/** Set UDM_SCREENSHOT=1 to rewrite images/browser-demo.png and images/browser-train.png from this run. */
const SCREENSHOT =
  process.env['UDM_SCREENSHOT'] === '1' ? join(ROOT, 'images', 'browser-demo.png') : undefined;
const TRAIN_SCREENSHOT =
  process.env['UDM_SCREENSHOT'] === '1' ? join(ROOT, 'images', 'browser-train.png') : undefined;
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
    statSync(join(ROOT, 'train.html')).mtimeMs,
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

function trainState(page: Page): Promise<TrainState> {
  return page.evaluate(() => window.udmTrain);
}

async function waitForTraining(
  page: Page,
  wanted: readonly TrainState['status'][],
  timeout = 90_000,
): Promise<TrainState> {
  await page.waitForFunction(
    (w) => window.udmTrain !== undefined && [...w, 'error'].includes(window.udmTrain.status),
    wanted,
    { timeout },
  );
  const state = await trainState(page);
  if (state.status === 'error') throw new Error(`training page error: ${state.error}`);
  return state;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe.skipIf(skipReason !== '')(`browser demo in Debian chromium${skipReason}`, () => {
  let server: PreviewServer;
  let context: BrowserContext;
  let userDataDir: string;
  let page: Page;
  let url: string;
  const consoleErrors: string[] = [];
  /** What the training test downloaded, for the loading test. */
  let trainedRun: { checkpoint: string; config: string } | undefined;

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
    url = server.resolvedUrls!.local[0]!;
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('loads the checkpoint, draws every DDIM step on the canvas, and the final points are two moons', async () => {
    await page.goto(BACKEND ? `${url}?backend=${encodeURIComponent(BACKEND)}` : url);
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

  it('trains two moons in the tab: the loss falls, the samples change, the checkpoint is one udm sample reads', async () => {
    const backend = BACKEND ? `?backend=${encodeURIComponent(BACKEND)}` : '';
    await page.goto(`${url}train.html${backend}`);
    await waitForTraining(page, ['ready']);
    await page.fill('#seed', '2');
    await page.fill('#steps', '200');
    await page.fill('#preview-every', '100');
    await page.click('#start');
    const done = await waitForTraining(page, ['done']);
    expect(done.step).toBe(200);
    expect(done.losses).toHaveLength(200);
    expect(done.losses.every(Number.isFinite)).toBe(true);
    expect(mean(done.losses.slice(-20))).toBeLessThan(0.8 * mean(done.losses.slice(0, 20)));
    expect(done.previews).toBe(3); // steps 100 and 200 (current weights), then the EMA weights
    expect(done.previewWeights).toBe('EMA');
    expect(done.previewPoints).toHaveLength(2000);
    expect(done.previewPoints.every(Number.isFinite)).toBe(true);
    expect(done.previewPoints).not.toEqual(done.firstPreviewPoints);
    const figures = await page.evaluate(() => ({
      loss: document.querySelector('#loss-curve svg')?.textContent ?? '',
      samples: document.querySelector('#samples svg')?.textContent ?? '',
    }));
    expect(figures.loss).toContain('training loss (seed 2)');
    expect(figures.samples).toContain('held-out data');
    expect(figures.samples).toContain('samples at step 200 (EMA weights)');
    if (TRAIN_SCREENSHOT) await page.screenshot({ path: TRAIN_SCREENSHOT, fullPage: true });

    const dir = mkdtempSync(join(tmpdir(), 'udm-browser-trained-'));
    const save = async (selector: string, name: string): Promise<string> => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      expect(download.suggestedFilename()).toBe(name);
      const file = join(dir, name);
      await download.saveAs(file);
      return file;
    };
    trainedRun = {
      checkpoint: await save('#download-checkpoint', 'checkpoint.safetensors'),
      config: await save('#download-config', 'config.json'),
    };
    const loaded = await loadCheckpoint(trainedRun.checkpoint);
    loaded.dispose();
    expect(loaded.meta.step).toBe(200);
    expect(loaded.config).toEqual(JSON.parse(readFileSync(trainedRun.config, 'utf8')));
    expect(loaded.config).toMatchObject({ seed: 2, train: { steps: 200 } });

    // Stop: a long run stops after the current step, and its checkpoint holds the steps done.
    await page.fill('#steps', '100000');
    await page.click('#start');
    await page.waitForFunction(() => window.udmTrain.step >= 20 || window.udmTrain.status === 'error');
    await page.click('#stop');
    const stopped = await waitForTraining(page, ['stopped']);
    expect(stopped.step).toBeGreaterThanOrEqual(20);
    expect(stopped.step).toBeLessThan(100_000);
    console.info(
      `browser training on ${done.backend}: 200 steps at ${done.stepsPerSecond!.toFixed(0)} steps/s, loss ` +
        `${mean(done.losses.slice(0, 20)).toFixed(3)} (first 20) → ${mean(done.losses.slice(-20)).toFixed(3)} (last 20)`,
    );
    expect(consoleErrors).toEqual([]);
  });

  it("loads a run from files (checkpoint, config), shows bad files' errors, and samples what udm sample draws", async () => {
    expect(trainedRun, 'the training test downloads a run first').toBeDefined();
    const { checkpoint, config } = trainedRun!;
    const dir = join(checkpoint, '..');
    await page.goto(BACKEND ? `${url}?backend=${encodeURIComponent(BACKEND)}` : url);
    await waitForStatus(page, 'ready');

    // Bad files: an error in the page naming the file and the field; the shipped model stays loaded.
    const badConfig = join(dir, 'bad-config.json');
    const raw = JSON.parse(readFileSync(config, 'utf8')) as { train: Record<string, unknown> };
    raw.train['batchSize'] = -3;
    writeFileSync(badConfig, JSON.stringify(raw));
    const corrupted = join(dir, 'corrupted.safetensors');
    const bytes = readFileSync(checkpoint);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
    writeFileSync(corrupted, bytes);
    const loadError = async (files: string[]): Promise<string> => {
      await page.setInputFiles('#checkpoint-file', files[0]!);
      await page.setInputFiles('#config-file', files.slice(1));
      await page.click('#load');
      await page.waitForFunction(
        () => window.udmDemo.status === 'error' || window.udmDemo.status === 'ready',
      );
      const state = await demo(page);
      expect(state.status).toBe('error');
      expect(await page.textContent('#error')).toContain(state.error!);
      expect(state.model).toBe('two-moons.safetensors (shipped)');
      return state.error!;
    };
    expect(await loadError([checkpoint, badConfig])).toMatch(/bad-config\.json: .*train\.batchSize/);
    expect(await loadError([corrupted])).toMatch(/corrupted\.safetensors.*checksum mismatch/);

    // The trained run, with the form's choices: the same points as udm sample with the same seed and options.
    await page.setInputFiles('#checkpoint-file', checkpoint);
    await page.setInputFiles('#config-file', config);
    await page.click('#load');
    const ready = await waitForStatus(page, 'ready');
    expect(ready.model).toBe('checkpoint.safetensors + config.json');
    await page.selectOption('#sampler', 'ancestral');
    await page.selectOption('#step', 'ddim');
    await page.fill('#steps', '20');
    await page.fill('#eta', '0');
    await page.fill('#count', '500');
    const sampled = await sampleWithSeed(page, 5);
    expect(sampled.sampling).toBe('DDIM η=0, 20 steps');
    expect(sampled.framesDrawn).toBe(21);
    const cli = await sampleRun({
      checkpoint,
      outDir: join(dir, 'cli'),
      seed: 5,
      count: 500,
      steps: 20,
      step: { kind: 'ddim', eta: 0 },
      progress: 'quiet',
    });
    expect(cli.samples).toHaveLength(1000);
    const diff = sampled.points.reduce((m, v, i) => Math.max(m, Math.abs(v - cli.samples[i]!)), 0);
    console.info(`browser vs udm sample (DDIM-20, seed 5, 500 points): max |Δ| ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-4);
    rmSync(dir, { recursive: true, force: true });
    expect(consoleErrors).toEqual([]);
  });
});
