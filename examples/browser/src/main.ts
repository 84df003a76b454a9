import * as tf from '@tensorflow/tfjs';
import { SeededRng, type Udm } from '@udm/core';
import { selectBrowserBackend } from './browser-backend.js';
import type { DemoState } from './demo-state.js';
import { drawPoints } from './draw-points.js';
import { fetchModel, modelFromRunFiles } from './load-model.js';
import { element, errorText, integerField, nextFrame } from './page-fields.js';
import { describeChoice, samplingChoice, stepTakesEta } from './sampling-choice.js';
import { sampleStepwise } from './sample-stepwise.js';

const CHECKPOINT_URL = `${import.meta.env.BASE_URL}two-moons.safetensors`;

const state: DemoState = { status: 'loading', framesDrawn: 0, points: [] };
window.udmDemo = state;

const canvas = element<HTMLCanvasElement>('canvas');
const button = element<HTMLButtonElement>('sample');
const seedInput = element<HTMLInputElement>('seed');
const countInput = element<HTMLInputElement>('count');
const samplerSelect = element<HTMLSelectElement>('sampler');
const stepSelect = element<HTMLSelectElement>('step');
const stepsInput = element<HTMLInputElement>('steps');
const etaInput = element<HTMLInputElement>('eta');
const checkpointFile = element<HTMLInputElement>('checkpoint-file');
const configFile = element<HTMLInputElement>('config-file');
const loadButton = element<HTMLButtonElement>('load');
const statusLine = element<HTMLDivElement>('status');
const errorLine = element<HTMLDivElement>('error');

let notes: string[] = [];
let current: { udm: Udm; header: string } | undefined;

function fail(e: unknown): void {
  state.status = 'error';
  state.error = errorText(e);
  errorLine.textContent = `error: ${state.error}`;
  console.warn(e);
}

/** Fills a select with kinds, choosing `selected`. */
function fillSelect(select: HTMLSelectElement, kinds: readonly string[], selected: string): void {
  select.replaceChildren(
    ...kinds.map((kind) => {
      const option = document.createElement('option');
      option.value = kind;
      option.textContent = kind;
      option.selected = kind === selected;
      return option;
    }),
  );
}

function updateEtaField(): void {
  etaInput.disabled = current === undefined || !stepTakesEta(current.udm, stepSelect.value);
}

/** Makes `udm` the page's model: the form shows its registries' samplers and steps, its config's choices. */
function useModel(udm: Udm, name: string): void {
  current?.udm.dispose();
  const c = udm.config;
  const header =
    `${notes.join('\n')}\n` +
    `model ${name}: ${c.process.kind} process, ${c.posterior.kind}-prediction ${c.network.kind}, ` +
    `trained ${udm.trainedSteps} steps, ${c.sample.useEma && udm.ema ? 'EMA weights' : 'raw weights'}`;
  current = { udm, header };
  state.model = name;
  fillSelect(samplerSelect, udm.registries.samplers.kinds, c.sample.sampler.kind);
  fillSelect(stepSelect, udm.registries.steps.kinds, c.sample.step.kind);
  stepsInput.value = String(c.sample.steps);
  const eta = (c.sample.step as { eta?: unknown }).eta;
  etaInput.value = typeof eta === 'number' ? String(eta) : '0';
  updateEtaField();
  state.timeSampling = (count, steps) => timeSampling(udm, count, steps);
  errorLine.textContent = '';
  state.error = undefined;
  state.status = 'ready';
  statusLine.textContent = `${header}\nready: press "sample"`;
}

async function run(): Promise<void> {
  if (!current) throw new Error('no model loaded');
  const { udm, header } = current;
  const seed = integerField(seedInput, 'seed', 0, 2 ** 32 - 1);
  const count = integerField(countInput, 'points', 1, 20_000);
  const choice = samplingChoice(udm, {
    sampler: samplerSelect.value,
    step: stepSelect.value,
    steps: stepsInput.value,
    eta: etaInput.value,
  });
  const label = describeChoice(udm, choice);
  const origin = udm.process.time.origin;
  state.status = 'sampling';
  state.framesDrawn = 0;
  errorLine.textContent = '';
  const began = performance.now();
  const x0 = await sampleStepwise(udm, {
    count,
    steps: choice.steps,
    seed,
    sampler: choice.sampler,
    step: choice.step,
    onStep: async ({ index, total, time, points }) => {
      const when = time === origin ? 'x₀' : `t = ${Number.isInteger(time) ? time : time.toFixed(3)}`;
      const what = index < 0 ? `x_T ~ prior (${when})` : `step ${index + 1}/${total} (${when})`;
      drawPoints(canvas, points, `${label}, seed ${seed}: ${what}`);
      state.framesDrawn++;
      await nextFrame();
    },
  });
  state.liveSeconds = (performance.now() - began) / 1000;
  state.points = Array.from(x0);
  state.sampling = label;
  state.numTensors = tf.memory().numTensors;
  state.status = 'done';
  statusLine.textContent =
    `${header}\nsampled ${count} points with ${label} (seed ${seed}) in ${state.liveSeconds.toFixed(2)} s, ` +
    `drawing all ${state.framesDrawn} states`;
}

async function timeSampling(udm: Udm, count: number, steps: number): Promise<number> {
  const began = performance.now();
  const { x0 } = udm.sample({ count, steps, rng: new SeededRng(0) });
  await x0.data();
  const seconds = (performance.now() - began) / 1000;
  x0.dispose();
  return seconds;
}

async function fileBytes(input: HTMLInputElement): Promise<{ name: string; bytes: Uint8Array } | undefined> {
  const file = input.files?.[0];
  return file && { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** Builds the model of the chosen files (see `modelFromRunFiles`); on an error the previous model stays. */
async function loadRunFiles(): Promise<void> {
  const checkpoint = await fileBytes(checkpointFile);
  if (!checkpoint) throw new Error("checkpoint: choose the run's checkpoint.safetensors");
  const config = await fileBytes(configFile);
  state.status = 'loading';
  statusLine.textContent = `loading ${checkpoint.name}${config ? ` with ${config.name}` : ''}…`;
  const udm = await modelFromRunFiles(
    checkpoint,
    config && { name: config.name, text: new TextDecoder().decode(config.bytes) },
  );
  useModel(udm, config ? `${checkpoint.name} + ${config.name}` : checkpoint.name);
}

function whileBusy(task: () => Promise<void>): void {
  button.disabled = true;
  loadButton.disabled = true;
  task()
    .catch(fail)
    .finally(() => {
      button.disabled = current === undefined;
      loadButton.disabled = false;
    });
}

async function start(): Promise<void> {
  const prefer = new URLSearchParams(location.search).get('backend');
  notes = [];
  await selectBrowserBackend(prefer, (line) => {
    notes.push(line);
    console.info(line);
  });
  state.backend = tf.getBackend();
  statusLine.textContent = `${notes.join('\n')}\nloading ${CHECKPOINT_URL}…`;
  useModel(await fetchModel(CHECKPOINT_URL), 'two-moons.safetensors (shipped)');
  button.disabled = false;
  loadButton.disabled = false;
  button.addEventListener('click', () => whileBusy(run));
  loadButton.addEventListener('click', () => {
    state.status = 'loading'; // at once, so a script that clicks sees the load begin
    whileBusy(loadRunFiles);
  });
  stepSelect.addEventListener('change', updateEtaField);
}

start().catch(fail);
