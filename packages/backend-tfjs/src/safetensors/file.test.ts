import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SafetensorsError } from './dtype.js';
import { loadSafetensorsFile, saveSafetensorsFile } from './file.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'udm-st-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tensors = () => ({
  w: { dtype: 'F32' as const, shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) },
  step: { dtype: 'I64' as const, shape: [], data: BigInt64Array.from([12n]) },
});

describe('saveSafetensorsFile / loadSafetensorsFile', () => {
  it('round-trips with metadata and a verified checksum, leaving only the file', async () => {
    const path = join(dir, 'model.safetensors');
    await saveSafetensorsFile(path, tensors(), { epoch: '3' });
    expect(await readdir(dir)).toEqual(['model.safetensors']);
    const { tensors: back, metadata } = await loadSafetensorsFile(path);
    expect(metadata['epoch']).toBe('3');
    expect(metadata['udm.sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(Array.from(back['w']!.data as Float32Array)).toEqual([1, 2, 3, 4]);
    expect(back['step']!.data[0]).toBe(12n);
  });

  it('rejects a file corrupted on disk, naming the path', async () => {
    const path = join(dir, 'bad.safetensors');
    await saveSafetensorsFile(path, tensors());
    const bytes = await readFile(path);
    bytes[bytes.length - 2]! ^= 0xff;
    await writeFile(path, bytes);
    const error = await loadSafetensorsFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafetensorsError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/checksum mismatch/);
  });

  it('rejects a truncated file', async () => {
    const path = join(dir, 'short.safetensors');
    await saveSafetensorsFile(path, tensors());
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 4));
    await expect(loadSafetensorsFile(path)).rejects.toThrow(/exceed the data section/);
  });

  it('a failed save (invalid tensor) leaves no file behind', async () => {
    const path = join(dir, 'never.safetensors');
    await expect(
      saveSafetensorsFile(path, { w: { dtype: 'F32', shape: [3], data: new Float32Array(2) } }),
    ).rejects.toThrow(/tensor 'w'/);
    expect(await readdir(dir)).toEqual([]);
  });
});
