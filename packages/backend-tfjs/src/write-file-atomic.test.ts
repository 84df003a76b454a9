import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-file-atomic.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'udm-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes bytes and strings and leaves no temporary file', async () => {
    await writeFileAtomic(join(dir, 'a.bin'), Uint8Array.from([1, 2, 3]));
    await writeFileAtomic(join(dir, 'b.json'), '{"x": 1}\n');
    expect(Array.from(await readFile(join(dir, 'a.bin')))).toEqual([1, 2, 3]);
    expect(await readFile(join(dir, 'b.json'), 'utf8')).toBe('{"x": 1}\n');
    expect((await readdir(dir)).sort()).toEqual(['a.bin', 'b.json']);
  });

  it('replaces an existing file', async () => {
    const path = join(dir, 'c.txt');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['c.txt']);
  });

  it('on a failed write keeps the old file and removes the temporary file', async () => {
    const path = join(dir, 'd.txt');
    await writeFile(path, 'old');
    await expect(writeFileAtomic(path, 42 as unknown as string)).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['d.txt']);
  });

  it('on a failed rename (target is a directory) removes the temporary file', async () => {
    await mkdir(join(dir, 'taken'));
    await writeFile(join(dir, 'taken', 'inside'), 'x');
    await expect(writeFileAtomic(join(dir, 'taken'), 'data')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });

  it('fails cleanly when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'e.txt'), 'data')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});
