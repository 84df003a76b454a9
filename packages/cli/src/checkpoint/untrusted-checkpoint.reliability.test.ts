import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeSafetensors,
  encodeSafetensors,
  SafetensorsError,
  type SafetensorsTensor,
} from '@udm/backend-tfjs';
import { ConfigError } from '@udm/core';
import { defaultModules } from '../api/default-modules.js';
import { resumeRun } from '../api/resume-run.js';
import { sampleRun } from '../api/sample-run.js';
import { trainRun } from '../api/train-run.js';
import { tinyConfig } from '../reliability/support.js';
import { CheckpointError } from './checkpoint-error.js';
import { loadCheckpoint } from './checkpoint-file.js';
import { createFromCheckpoint, restoreCheckpoint } from './restore-checkpoint.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-untrusted-'));
let runDir = '';
let valid = new Uint8Array(0);

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const r = await trainRun({
    config: tinyConfig({ train: { steps: 2, checkpointEvery: 2 } }),
    outDir: dir,
    name: 'valid',
    progress: 'quiet',
  });
  r.udm.dispose();
  runDir = r.runDir;
  valid = new Uint8Array(readFileSync(r.checkpoint));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function write(bytes: Uint8Array): string {
  const path = join(dir, `case-${counter++}.safetensors`);
  writeFileSync(path, bytes);
  return path;
}

/** The valid checkpoint re-encoded (with a correct checksum) after `edit` changed its tensors or metadata. */
function edited(edit: (t: Record<string, SafetensorsTensor>, m: Record<string, string>) => void): Uint8Array {
  const { tensors, metadata } = decodeSafetensors(valid);
  const t = { ...tensors };
  const { ['udm.sha256']: _sum, ['udm.sha256.header']: _header, ...m } = { ...metadata };
  edit(t, m);
  return encodeSafetensors(t, m, { checksum: true });
}

const state = () => JSON.parse(decodeSafetensors(valid).metadata['udm.state']!) as Record<string, unknown>;
const config = () => JSON.parse(decodeSafetensors(valid).metadata['udm.config']!) as Record<string, unknown>;

/** Loads, builds and restores like `udm sample` / `udm resume` do; returns the error, or undefined. */
async function useCheckpoint(path: string): Promise<unknown> {
  try {
    const loaded = await loadCheckpoint(path);
    try {
      const udm = createFromCheckpoint(loaded.config, defaultModules(), path);
      try {
        await restoreCheckpoint(udm, loaded, path);
      } finally {
        udm.dispose();
      }
    } finally {
      loaded.dispose();
    }
    return undefined;
  } catch (e) {
    return e;
  }
}

async function rejection(bytes: Uint8Array): Promise<Error> {
  const path = write(bytes);
  const e = await useCheckpoint(path);
  expect(e, 'expected the checkpoint to be rejected').toBeDefined();
  expect((e as Error).message.startsWith(path), (e as Error).message).toBe(true);
  return e as Error;
}

describe('untrusted checkpoints are rejected with clear errors naming the file', () => {
  it('the valid checkpoint loads (the baseline)', async () => {
    expect(await useCheckpoint(write(valid))).toBeUndefined();
  });

  it('truncated at any length', async () => {
    for (const n of [0, 5, 8, 9, 100, Math.floor(valid.length / 2), valid.length - 1]) {
      const e = await rejection(valid.slice(0, n));
      expect(e).toBeInstanceOf(SafetensorsError);
      expect(e.message).toMatch(
        /truncated|exceeds|exceed the data section|not valid JSON|checksum|bytes after/,
      );
    }
  });

  it('a bit flipped in the data section fails the checksum', async () => {
    const bytes = valid.slice();
    bytes[bytes.length - 5]! ^= 0x10;
    expect((await rejection(bytes)).message).toMatch(/checksum mismatch/);
  });

  it('a header that lies about its own length, offsets or sizes', async () => {
    const n = Number(new DataView(valid.buffer, valid.byteOffset).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(valid.subarray(8, 8 + n))) as Record<
      string,
      { dtype: string; shape: number[]; data_offsets: [number, number] }
    >;
    const name = Object.keys(header).find((k) => k.startsWith('params.'))!;
    const relayout = (patch: Record<string, unknown>): Uint8Array => {
      const text = new TextEncoder().encode(
        JSON.stringify({ ...header, [name]: { ...header[name], ...patch } }),
      );
      const out = new Uint8Array(8 + text.length + (valid.length - 8 - n));
      new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
      out.set(text, 8);
      out.set(valid.subarray(8 + n), 8 + text.length);
      return out;
    };
    const [begin, end] = header[name]!.data_offsets;
    const lengthLie = valid.slice();
    new DataView(lengthLie.buffer).setBigUint64(0, 2n ** 62n, true);
    expect((await rejection(lengthLie)).message).toMatch(/header length \(the first 8 bytes\) exceeds/);
    expect((await rejection(relayout({ data_offsets: [begin, end + 10 ** 9] }))).message).toMatch(
      /exceed the data section/,
    );
    expect((await rejection(relayout({ shape: [10 ** 6, 10 ** 6] }))).message).toMatch(
      /span \d+ bytes but F32/,
    );
    expect((await rejection(relayout({ shape: [2 ** 40, 2 ** 40] }))).message).toMatch(/too many elements/);
    expect((await rejection(relayout({ data_offsets: [begin + 4, end + 4] }))).message).toMatch(
      /overlap|gap|bytes after/,
    );
    expect((await rejection(relayout({ dtype: 'F64' }))).message).toMatch(/span \d+ bytes but F64/);
  });

  it('metadata that is missing, malformed or inconsistent', async () => {
    const cases: Array<[(t: Record<string, SafetensorsTensor>, m: Record<string, string>) => void, RegExp]> =
      [
        [(_t, m) => (m['udm.format'] = '99'), /unsupported checkpoint format "99"/],
        [(_t, m) => delete m['udm.format'], /unsupported checkpoint format undefined/],
        [(_t, m) => delete m['udm.config'], /not a UDM checkpoint \(metadata "udm\.config" is missing\)/],
        [(_t, m) => (m['udm.state'] = '{"step": '), /metadata "udm\.state" is not valid JSON/],
        [
          (_t, m) => (m['udm.state'] = JSON.stringify({ ...state(), step: 'abc' })),
          /udm\.state\.step: expected a non-negative integer, got "abc"/,
        ],
        [
          (_t, m) => (m['udm.state'] = JSON.stringify({ ...state(), step: -4 })),
          /udm\.state\.step: .*got -4/,
        ],
        [
          (_t, m) => (m['udm.state'] = JSON.stringify({ ...state(), rng: null })),
          /udm\.state\.rng: expected rng state/,
        ],
        [
          (_t, m) =>
            (m['udm.state'] = JSON.stringify({ ...state(), rng: { kind: 'xoshiro128**', words: [1, -2] } })),
          /udm\.state\.rng\.words\[1\]/,
        ],
        [
          (_t, m) =>
            (m['udm.state'] = JSON.stringify({ ...state(), rng: { kind: 'mt19937', words: [1, 2, 3, 4] } })),
          /rng state: expected kind "xoshiro128\*\*"/,
        ],
        [
          (_t, m) => (m['udm.state'] = JSON.stringify({ ...state(), optimizerSlots: ['a'] })),
          /metadata lists 1 optimizer slots but the file holds \d+/,
        ],
        [
          (_t, m) => (m['udm.state'] = JSON.stringify({ ...state(), evil: '() => 1' })),
          /udm\.state\.evil: unknown key/,
        ],
      ];
    for (const [edit, message] of cases) {
      const e = await rejection(edited(edit));
      expect(e).toBeInstanceOf(CheckpointError);
      expect(e.message).toMatch(message);
    }
  });

  it('tensors that do not fit the model or the format', async () => {
    const some = (prefix: string) => (t: Record<string, SafetensorsTensor>) =>
      Object.keys(t).find((k) => k.startsWith(prefix))!;
    const cases: Array<[(t: Record<string, SafetensorsTensor>, m: Record<string, string>) => void, RegExp]> =
      [
        [
          (t) => (t['backdoor'] = { dtype: 'U8', shape: [1], data: Uint8Array.from([1]) }),
          /unexpected tensor "backdoor"/,
        ],
        [(t) => delete t[some('params.')(t)], /params\.layers\.\d\.(weight|bias) is missing/],
        [(t) => delete t['optimizer.0003'], /optimizer slots are not numbered/],
        [
          (t) => (t['params.extra'] = { dtype: 'F32', shape: [1], data: Float32Array.from([1]) }),
          /params\.extra is not a weight of the configured network/,
        ],
        [
          (t) => {
            const k = some('params.')(t);
            t[k] = {
              ...t[k]!,
              data: Float32Array.from(t[k]!.data as Float32Array, (v, i) => (i === 0 ? NaN : v)),
            };
          },
          /holds a non-finite value at element 0/,
        ],
        [
          (t) => {
            const k = some('ema.')(t);
            t[k] = { ...t[k]!, dtype: 'F64', data: Float64Array.from(t[k]!.data as Float32Array) };
          },
          /has dtype F64, expected F32 for weights/,
        ],
        [
          (t) => {
            t['params.layers.0.bias'] = { dtype: 'F32', shape: [3], data: new Float32Array(3) };
          },
          /params\.layers\.0\.bias is float32 \[3\], the network expects float32 \[16\]/,
        ],
        [
          (t) => {
            for (const k of Object.keys(t)) if (k.startsWith('ema.')) delete t[k];
          },
          /has no EMA weights but the config keeps one \(train\.ema = 0\.9\)/,
        ],
        [
          (t) => {
            t['optimizer.0001'] = { dtype: 'F32', shape: [7], data: new Float32Array(7) };
          },
          /optimizer slot 1 has shape \[7\], expected \[\d+, \d+\]/,
        ],
      ];
    for (const [edit, message] of cases) {
      const e = await rejection(edited(edit));
      expect(e).toBeInstanceOf(CheckpointError);
      expect(e.message).toMatch(message);
    }
  });

  it('a config with an unknown kind, or with prototype keys, is rejected as data (no lookup outside the registries)', async () => {
    const withConfig = (c: unknown) => edited((_t, m) => (m['udm.config'] = JSON.stringify(c)));
    const unknown = await rejection(withConfig({ ...config(), process: { kind: 'nope' } }));
    expect(unknown).toBeInstanceOf(CheckpointError);
    expect(unknown.cause).toBeInstanceOf(ConfigError);
    expect(unknown.message).toMatch(
      /its config does not fit the loaded plugins \(is a --plugin missing\?\): invalid config: process\.kind: expected one of .*"vp".*, got "nope"/,
    );
    for (const kind of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const e = await rejection(withConfig({ ...config(), network: { kind } }));
      expect(e.message).toMatch(
        new RegExp(`network\\.kind: expected one of .*got "${kind.replace(/_/g, '_')}"`),
      );
    }
    const polluting = await rejection(
      edited(
        (_t, m) =>
          (m['udm.config'] = `{"__proto__": {"polluted": true}, ${JSON.stringify(config()).slice(1)}`),
      ),
    );
    expect(polluting.message).toMatch(/__proto__: unknown key/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((await rejection(withConfig('rm -rf /'))).message).toMatch(
      /expected udm config \(an object\), got "rm -rf \/"/,
    );
  });

  it('sampleRun and resumeRun report the same errors for a bad checkpoint in a run directory', async () => {
    const bad = join(dir, 'bad-run');
    rmSync(bad, { recursive: true, force: true });
    const fs = await import('node:fs');
    fs.cpSync(runDir, bad, { recursive: true });
    writeFileSync(
      join(bad, 'checkpoint.safetensors'),
      edited((_t, m) => (m['udm.config'] = JSON.stringify({ ...config(), process: { kind: 'nope' } }))),
    );
    await expect(sampleRun({ checkpoint: bad, progress: 'quiet' })).rejects.toThrow(
      /process\.kind: expected one of/,
    );
    writeFileSync(join(bad, 'checkpoint.safetensors'), valid.slice(0, 1000));
    await expect(resumeRun({ runDir: bad, progress: 'quiet' })).rejects.toBeInstanceOf(SafetensorsError);
  });
});

describe('fuzzed checkpoint bytes', () => {
  it('random corruptions of a valid checkpoint are rejected (or harmless), never crash or throw anything else', async () => {
    const allowed = (e: unknown) =>
      e === undefined || e instanceof SafetensorsError || e instanceof CheckpointError;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // flip a byte anywhere
          fc.record({
            kind: fc.constant('flip' as const),
            at: fc.nat(),
            value: fc.integer({ min: 1, max: 255 }),
          }),
          // truncate
          fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
          // overwrite a run of bytes inside the header
          fc.record({
            kind: fc.constant('header' as const),
            at: fc.nat(),
            bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
          }),
        ),
        async (m) => {
          const bytes = valid.slice();
          const n = Number(new DataView(valid.buffer, valid.byteOffset).getBigUint64(0, true));
          let input: Uint8Array = bytes;
          if (m.kind === 'flip') bytes[m.at % bytes.length]! ^= m.value;
          else if (m.kind === 'cut') input = bytes.slice(0, m.at % bytes.length);
          else bytes.set(m.bytes.slice(0, Math.max(1, n - (m.at % n))), 8 + (m.at % n));
          const e = await useCheckpoint(write(input));
          if (!allowed(e)) throw e;
          if (e !== undefined) rejected++;
        },
      ),
      { numRuns: 300, seed: 42 },
    );
    expect(rejected).toBeGreaterThan(250);
  });
});

/** The valid checkpoint with `from` replaced by `to` (same length) in its JSON header: an edit that keeps the checksums. */
function headerEdit(from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  const n = Number(new DataView(valid.buffer, valid.byteOffset).getBigUint64(0, true));
  const text = new TextDecoder().decode(valid.subarray(8, 8 + n));
  expect(text.includes(from), `header holds ${from}`).toBe(true);
  const out = valid.slice();
  out.set(new TextEncoder().encode(text.replace(from, to)), 8);
  return out;
}

describe('crafted values that used to hang or pass unchecked (issue 20)', () => {
  const withIteration = (value: number) =>
    edited((t) => (t['optimizer.0000'] = { dtype: 'F32', shape: [], data: Float32Array.of(value) }));

  it('an optimizer iteration count of +∞, NaN, 2³¹−1 or beyond the step is refused by resume; sample does not restore it', async () => {
    for (const value of [Infinity, NaN, 2 ** 31 - 1, 3, -1, 1.5]) {
      const e = await rejection(withIteration(value));
      expect(e).toBeInstanceOf(CheckpointError);
      expect(e.message).toMatch(
        /optimizer iteration count: expected an integer in 0…2 \(the checkpoint's step\)/,
      );
    }
    // `udm sample` never needs the optimizer: a crafted count neither hangs it nor matters
    const file = write(withIteration(Infinity));
    const r = await sampleRun({
      checkpoint: file,
      outDir: join(dir, 'sampled'),
      progress: 'quiet',
      count: 8,
    });
    expect(r.shape).toEqual([8, 2]);
  }, 20_000);

  it('an all-zero RNG state or a non-finite cached normal is refused', async () => {
    const rng = (words: number[]) =>
      edited(
        (_t, m) => (m['udm.state'] = JSON.stringify({ ...state(), rng: { kind: 'xoshiro128**', words } })),
      );
    expect((await rejection(rng([0, 0, 0, 0]))).message).toMatch(/words are all 0/);
    expect((await rejection(rng([1, 2, 3, 4, 0x7ff00000, 0]))).message).toMatch(
      /cached normal .* is Infinity/,
    );
  }, 20_000);

  it('the checksum covers the metadata: an edited config or state fails it; a file without the header checksum still loads', async () => {
    const e = await rejection(headerEdit('\\"step\\":2', '\\"step\\":1'));
    expect(e).toBeInstanceOf(SafetensorsError);
    expect(e.message).toMatch(
      /checksum mismatch: metadata 'udm\.sha256\.header' .* \(the header was edited\)/,
    );
    const lr = /\\"learningRate\\":[0-9.e-]+/.exec(new TextDecoder().decode(valid.subarray(0, 4000)))![0];
    const other = lr.replace(/[0-9](?=[^0-9]*$)/, (d) => String((Number(d) + 1) % 10));
    expect((await rejection(headerEdit(lr, other))).message).toMatch(/udm\.sha256\.header/);
    // written before the header checksum existed: only the data section's checksum, still readable
    const sum = /,"udm\.sha256\.header":"[0-9a-f]{64}"/.exec(
      new TextDecoder().decode(valid.subarray(0, 4000)),
    )![0];
    expect(await useCheckpoint(write(headerEdit(sum, ' '.repeat(sum.length))))).toBeUndefined();
  }, 20_000);
});
