import * as tf from '@tensorflow/tfjs';
import { lossCurveSvg, scatterSvg } from '@udm/cli/browser';
import type { Udm } from '@udm/core';
import { selectBrowserBackend } from './browser-backend.js';
import { trainLive, type LivePreview, type LossRecord } from './live-training.js';
import { element, errorText, integerField } from './page-fields.js';
import type { TrainState } from './train-state.js';

const CONFIG_URL = `${import.meta.env.BASE_URL}two-moons.train.json`;

const state: TrainState = {
  status: 'loading',
  step: 0,
  losses: [],
  previews: 0,
  previewPoints: [],
  firstPreviewPoints: [],
};
window.udmTrain = state;

const seedInput = element<HTMLInputElement>('seed');
const stepsInput = element<HTMLInputElement>('steps');
const previewInput = element<HTMLInputElement>('preview-every');
const startButton = element<HTMLButtonElement>('start');
const stopButton = element<HTMLButtonElement>('stop');
const checkpointLink = element<HTMLAnchorElement>('download-checkpoint');
const configLink = element<HTMLAnchorElement>('download-config');
const statusLine = element<HTMLDivElement>('status');
const errorLine = element<HTMLDivElement>('error');
const lossFigure = element<HTMLDivElement>('loss-curve');
const samplesFigure = element<HTMLDivElement>('samples');

let header = '';
let configText = '';
let trained: Udm | undefined;
let stop: AbortController | undefined;

function fail(e: unknown): void {
  state.status = 'error';
  state.error = errorText(e);
  errorLine.textContent = `error: ${state.error}`;
  console.warn(e);
}

/** Points the download link at new bytes (revoking the old object URL). */
function offer(link: HTMLAnchorElement, bytes: Uint8Array | undefined, type: string): void {
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  if (bytes === undefined) {
    link.removeAttribute('href');
    link.classList.add('disabled');
    return;
  }
  link.href = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  link.classList.remove('disabled');
}

function drawLoss(records: readonly LossRecord[], seed: number): void {
  if (records.length > 0) lossFigure.innerHTML = lossCurveSvg(records, `training loss (seed ${seed})`);
}

function drawSamples(preview: LivePreview): void {
  samplesFigure.innerHTML = scatterSvg(
    [
      { label: 'held-out data', points: preview.heldOut, color: [31, 119, 180] },
      {
        label: `samples at step ${preview.step} (${preview.weights} weights)`,
        points: preview.samples,
        color: [214, 39, 40],
      },
    ],
    { size: 300, range: [-3, 3] },
  );
}

async function train(): Promise<void> {
  const seed = integerField(seedInput, 'seed', 0, 2 ** 32 - 1);
  const steps = integerField(stepsInput, 'steps', 1, 1_000_000);
  const previewEvery = integerField(previewInput, 'preview every', 1, 1_000_000);
  trained?.dispose();
  trained = undefined;
  offer(checkpointLink, undefined, '');
  offer(configLink, undefined, '');
  Object.assign(state, {
    status: 'training',
    step: 0,
    losses: [],
    previews: 0,
    previewPoints: [],
    firstPreviewPoints: [],
  });
  state.error = undefined;
  errorLine.textContent = '';
  lossFigure.replaceChildren();
  samplesFigure.replaceChildren();
  stop = new AbortController();
  const result = await trainLive({
    configText,
    seed,
    steps,
    previewEvery,
    signal: stop.signal,
    onStep: (p) => {
      state.step = p.step;
      state.losses.push(p.loss);
      state.stepsPerSecond = p.stepsPerSecond;
      if (p.step % 25 === 0 || p.step === 1)
        statusLine.textContent =
          `${header}\nstep ${p.step}/${p.totalSteps}, loss ${p.loss.toFixed(4)}, ` +
          `${p.stepsPerSecond.toFixed(0)} steps/s`;
    },
    onPreview: (preview, records) => {
      state.previews++;
      state.previewStep = preview.step;
      state.previewWeights = preview.weights;
      state.previewPoints = Array.from(preview.samples);
      if (state.previews === 1) state.firstPreviewPoints = state.previewPoints;
      drawLoss(records, seed);
      drawSamples(preview);
    },
  });
  trained = result.udm;
  drawLoss(result.records, seed);
  offer(checkpointLink, result.checkpoint, 'application/octet-stream');
  offer(
    configLink,
    new TextEncoder().encode(`${JSON.stringify(result.udm.config, null, 2)}\n`),
    'application/json',
  );
  const s = result.summary;
  state.stepsPerSecond = s.stepsPerSecond;
  state.numTensors = tf.memory().numTensors;
  state.status = s.stopped ? 'stopped' : 'done';
  statusLine.textContent =
    `${header}\n${s.stopped ? 'stopped after' : 'trained'} ${s.step} steps in ${s.seconds.toFixed(1)} s ` +
    `(${s.stepsPerSecond.toFixed(0)} steps/s), mean loss ${s.meanLoss.toFixed(4)}, last ${s.lastLoss.toFixed(4)}; ` +
    'download the checkpoint and sample it with `udm sample --checkpoint checkpoint.safetensors`, ' +
    'or load it on the sampling page';
}

async function start(): Promise<void> {
  const prefer = new URLSearchParams(location.search).get('backend');
  const notes: string[] = [];
  await selectBrowserBackend(prefer, (line) => {
    notes.push(line);
    console.info(line);
  });
  state.backend = tf.getBackend();
  const response = await fetch(CONFIG_URL);
  if (!response.ok) throw new Error(`config ${CONFIG_URL}: HTTP ${response.status} ${response.statusText}`);
  configText = await response.text();
  header = notes.join('\n');
  state.status = 'ready';
  statusLine.textContent = `${header}\nready: press "start"`;
  startButton.disabled = false;
  startButton.addEventListener('click', () => {
    startButton.disabled = true;
    stopButton.disabled = false;
    train()
      .catch(fail)
      .finally(() => {
        startButton.disabled = false;
        stopButton.disabled = true;
      });
  });
  stopButton.addEventListener('click', () => stop?.abort());
}

start().catch(fail);
