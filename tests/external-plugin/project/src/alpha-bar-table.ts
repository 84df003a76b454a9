/**
 * Builds a run from a config with the sigmoid plugin, exactly as `udm train` does, and prints the ᾱ table its
 * process holds next to the one the schedule defines: `node dist/alpha-bar-table.js configs/sigmoid-vp.json`.
 */
import { readFileSync } from 'node:fs';
import { createUdm } from '@udm/core';
import { defaultModules } from '@udm/cli';
import { alphasCumprod, type VpProcess } from '@udm/gaussian';
import sigmoidPlugin, { SigmoidSchedule } from './sigmoid-schedule.js';

const config = JSON.parse(readFileSync(process.argv[2] ?? 'configs/sigmoid-vp.json', 'utf8')) as {
  process: { T: number; schedule: { betaStart: number; betaEnd: number } };
};
const udm = createUdm(config, [...defaultModules(), sigmoidPlugin]);
const vp = udm.process as VpProcess;
const { T, schedule } = config.process;
const defined = alphasCumprod(new SigmoidSchedule(schedule.betaStart, schedule.betaEnd).betas(T));
console.log(
  JSON.stringify({
    process: Array.from({ length: T }, (_, t) => vp.alphaBar(t)),
    schedule: Array.from(defined),
  }),
);
udm.dispose();
