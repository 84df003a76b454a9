import type { Command } from 'commander';
import type { ClassLabels } from '@udm/core';
import { parseKindOption } from './shared-options.js';

/** The flags `--label`, `--guidance`, `--classifier`, `--guidance-rescale` as parsed. */
export interface GuidanceFlags {
  readonly label?: ClassLabels;
  /** A scale (number) or a guidance config (JSON object). */
  readonly guidance?: unknown;
  readonly classifier?: string;
  readonly guidanceRescale?: number;
}

/** `--label 3` (every sample) or `--label 0,1,2,…` (one per sample): integers ≥ 0, named in the error. */
export function parseLabelOption(value: string): ClassLabels {
  const parts = value.split(',').map((p) => p.trim());
  const labels = parts.map(Number);
  const bad = parts.findIndex((p, i) => p === '' || !Number.isSafeInteger(labels[i]) || labels[i]! < 0);
  if (bad >= 0)
    throw new Error(
      `--label: expected a class label (an integer ≥ 0) or a comma-separated list of them, got ${JSON.stringify(value)}`,
    );
  return labels.length === 1 ? labels[0]! : labels;
}

/**
 * `--guidance 3` (a scale: classifier-free guidance with w = 3, or the scale s of `--classifier`) or a guidance
 * config as JSON.
 */
export function parseGuidanceOption(value: string): unknown {
  const v = value.trim();
  const w = Number(v);
  if (v !== '' && Number.isFinite(w)) return w;
  if (!v.startsWith('{'))
    throw new Error(
      `--guidance: expected a scale w (classifier-free guidance) or a JSON object such as '{"kind":"classifier-free","scale":3}', got ${value}`,
    );
  return parseKindOption(v);
}

/** `--guidance-rescale φ`, a number in [0, 1]. */
export function parseRescaleOption(value: string): number {
  const phi = Number(value.trim());
  if (value.trim() === '' || !(phi >= 0 && phi <= 1))
    throw new Error(`--guidance-rescale: expected a number in [0, 1], got ${value}`);
  return phi;
}

/** Adds the class-label and guidance options to a command that samples. */
export function withGuidanceOptions(cmd: Command): Command {
  return cmd
    .option(
      '--label <y>',
      'class label y of a class-conditional model for every sample, or one per sample as a comma-separated list (sets sample.labels)',
      parseLabelOption,
    )
    .option(
      '--guidance <w|json>',
      'classifier-free guidance scale w (1: the conditional model, 0: unconditional, > 1: sharper), the scale s of --classifier, or a guidance config as JSON (sets sample.guidance; needs --label)',
      parseGuidanceOption,
    )
    .option(
      '--classifier <run>',
      'classifier guidance with the noisy classifier of this run directory or checkpoint (trained with posterior and train.objective "noisy-classifier" under the same process); --guidance <s> sets its scale (default 1); needs --label',
    )
    .option(
      '--guidance-rescale <phi>',
      'guidance rescale φ in [0, 1] (Lin et al. 2023), applied to the guidance used (sets sample.guidance.rescale)',
      parseRescaleOption,
    );
}

/** The parsed flags as `sampleRun` / `evalRun` options. */
export function guidanceRunOptions(flags: GuidanceFlags): {
  labels?: ClassLabels;
  guidance?: unknown;
  guidanceRescale?: number;
} {
  const w = flags.guidance;
  if (flags.classifier !== undefined && w !== undefined && typeof w !== 'number')
    throw new Error(
      '--classifier: give its scale as --guidance <s> (a number), or put the classifier in the --guidance JSON (\'{"kind":"classifier","classifier":"runs/clf","scale":2}\'), not both',
    );
  const guidance =
    flags.classifier !== undefined
      ? { kind: 'classifier', classifier: flags.classifier, scale: w ?? 1 }
      : typeof w === 'number'
        ? { kind: 'classifier-free', scale: w }
        : w;
  return {
    ...(flags.label !== undefined ? { labels: flags.label } : {}),
    ...(guidance !== undefined ? { guidance } : {}),
    ...(flags.guidanceRescale !== undefined ? { guidanceRescale: flags.guidanceRescale } : {}),
  };
}
