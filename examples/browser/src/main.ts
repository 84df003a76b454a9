import * as tf from '@tensorflow/tfjs';
import { SeededRng, type Udm } from '@udm/core';
import { selectBrowserBackend } from './browser-backend.js';
import type { DemoState } from './demo-state.js';
import { drawPoints } from './draw-points.js';
import { fetchModel } from './load-model.js';
import { sampleStepwise } from './sample-stepwise.js';

const CHECKPOINT_URL = `${import.meta.env.BASE_URL}two-moons.safetensors`;

const state: DemoState = { status: 'loading', framesDrawn: 0, points: [] };
window.udmDemo = state;

function element<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`page: no element #${id}`);
  return e as T;
}

const canvas = element<HTMLCanvasElement>('canvas');
const button = element<HTMLButtonElement>('sample');
const seedInput = element<HTMLInputElement>('seed');
const countInput = element<HTMLInputElement>('count');
const statusLine = element<HTMLDivElement>('status');

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

function integerField(input: HTMLInputElement, name: string, min: number, max: number): number {
  const v = Number(input.value);
  if (!Number.isSafeInteger(v) || v < min || v > max)
    throw new Error(`${name}: expected an integer in [${min}, ${max}], got '${input.value}'`);
  return v;
}

function fail(e: unknown): void {
  state.status = 'error';
  state.error = e instanceof Error ? e.message : String(e);
  statusLine.textContent = `error: ${state.error}`;
  console.error(e);
}

async function run(udm: Udm, header: string): Promise<void> {
  const seed = integerField(seedInput, 'seed', 0, 2 ** 32 - 1);
  const count = integerField(countInput, 'points', 1, 20_000);
  const steps = udm.config.sample.steps;
  const label = `${udm.config.sample.step.kind.toUpperCase()}-${steps}`;
  const origin = udm.process.time.origin;
  state.status = 'sampling';
  state.framesDrawn = 0;
  const began = performance.now();
  const x0 = await sampleStepwise(udm, {
    count,
    steps,
    seed,
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
  state.numTensors = tf.memory().numTensors;
  state.status = 'done';
  statusLine.textContent =
    `${header}\nsampled ${count} points with ${label} (seed ${seed}) in ${state.liveSeconds.toFixed(2)} s, ` +
    `drawing all ${steps + 1} states`;
}

async function timeSampling(udm: Udm, count: number, steps: number): Promise<number> {
  const began = performance.now();
  const { x0 } = udm.sample({ count, steps, rng: new SeededRng(0) });
  await x0.data();
  const seconds = (performance.now() - began) / 1000;
  x0.dispose();
  return seconds;
}

async function start(): Promise<void> {
  const prefer = new URLSearchParams(location.search).get('backend');
  const notes: string[] = [];
  await selectBrowserBackend(prefer, (line) => {
    notes.push(line);
    console.info(line);
  });
  state.backend = tf.getBackend();
  statusLine.textContent = `${notes.join('\n')}\nloading ${CHECKPOINT_URL}…`;
  const udm = await fetchModel(CHECKPOINT_URL);
  const c = udm.config;
  const header =
    `${notes.join('\n')}\n` +
    `model: ${c.process.kind} process, ${c.posterior.kind}-prediction ${c.network.kind}, ` +
    `${c.train.steps} training steps, ${c.sample.useEma ? 'EMA weights' : 'raw weights'}`;
  state.timeSampling = (count, steps) => timeSampling(udm, count, steps);
  state.status = 'ready';
  statusLine.textContent = `${header}\nready: press "sample"`;
  button.disabled = false;
  button.addEventListener('click', () => {
    button.disabled = true;
    run(udm, header)
      .catch(fail)
      .finally(() => {
        button.disabled = false;
      });
  });
}

start().catch(fail);
