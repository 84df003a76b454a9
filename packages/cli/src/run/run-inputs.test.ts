import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunDirectory } from './run-directory.js';
import { RunInputs, runDirectoryOf } from './run-inputs.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-run-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('RunInputs: the files a user config names, recorded in the run', () => {
  it('copies each file read into inputs/<field>/ and rewrites that field to the copy, relative to the run', async () => {
    writeFileSync(join(dir, 'weights.bin'), 'w');
    const inputs = new RunInputs();
    expect(new TextDecoder().decode(inputs.read(join(dir, 'weights.bin'), 'data.autoencoder').bytes)).toBe(
      'w',
    );
    const config = {
      seed: 1,
      data: { kind: 'latent', autoencoder: join(dir, 'weights.bin'), source: { kind: 'x' } },
    };
    const run = new RunDirectory(join(dir, 'runs'), 'r');
    const recorded = await inputs.record(run, config);
    expect(recorded).toEqual({
      ...config,
      data: { ...config.data, autoencoder: 'inputs/data.autoencoder/weights.bin' },
    });
    expect(config.data.autoencoder).toBe(join(dir, 'weights.bin')); // the input is not changed
    expect(readFileSync(join(run.path, 'inputs/data.autoencoder/weights.bin'), 'utf8')).toBe('w');
    // a run that fails before training still leaves nothing behind
    run.removeIfUnused();
    expect(readdirSync(join(dir, 'runs'))).toEqual([]);
  });

  it('a file read for a field the config does not have cannot be recorded: an error naming it', async () => {
    const inputs = new RunInputs();
    inputs.read(join(dir, 'weights.bin'), 'data.extra');
    const run = new RunDirectory(join(dir, 'runs'), 'bad');
    await expect(inputs.record(run, { data: { kind: 'x' } })).rejects.toThrow(
      /^data\.extra: a part read a file for this field, but the config has no such field/,
    );
    await expect(inputs.record(run, { data: { extra: 3 } })).rejects.toThrow(/^data\.extra: .* not a path/);
  });

  it("a checkpoint's run directory is the one holding it, or the run above checkpoints/", () => {
    expect(runDirectoryOf('/r/run-1/checkpoint.safetensors')).toBe('/r/run-1');
    expect(runDirectoryOf('/r/run-1/checkpoints/step-00000010.safetensors')).toBe('/r/run-1');
  });
});
