import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDirectoryFiles, workingDirectoryFiles } from './config-file-access.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-config-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = join(dir, 'run');
mkdirSync(join(run, 'inputs', 'ae'), { recursive: true });
writeFileSync(join(run, 'inputs', 'ae', 'model.bin'), 'inside');
writeFileSync(join(dir, 'secret.bin'), 'outside');
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('runDirectoryFiles: the files a checkpoint config may name', () => {
  const files = runDirectoryFiles(run);

  it('reads a regular file inside the run by a relative path, or the entry of a directory', () => {
    expect(text(files.read('inputs/ae/model.bin', 'data.x').bytes)).toBe('inside');
    expect(text(files.read('inputs/../inputs/ae/model.bin', 'data.x').bytes)).toBe('inside');
    const viaEntry = files.read('inputs/ae', 'data.x', { entry: 'model.bin' });
    expect(text(viaEntry.bytes)).toBe('inside');
    expect(viaEntry.path.endsWith(join('inputs', 'ae', 'model.bin'))).toBe(true);
  });

  it('refuses absolute paths, .. out of the run and links out of it, naming the field', () => {
    expect(() => files.read(join(dir, 'secret.bin'), 'data.autoencoder')).toThrow(
      /^data\.autoencoder: ".*secret\.bin" is an absolute path; a checkpoint's config may name only a file inside its run directory/,
    );
    expect(() => files.read('/dev/zero', 'data.autoencoder')).toThrow(/is an absolute path/);
    expect(() => files.read('../secret.bin', 'data.autoencoder')).toThrow(
      /^data\.autoencoder: "\.\.\/secret\.bin" leads out of the run directory/,
    );
    expect(() => files.read('inputs/../../secret.bin', 'data.autoencoder')).toThrow(/leads out/);
    expect(() => files.read('a\0b', 'data.autoencoder')).toThrow(/NUL character/);
    symlinkSync(join(dir, 'secret.bin'), join(run, 'link.bin'));
    expect(() => files.read('link.bin', 'data.autoencoder')).toThrow(
      /^data\.autoencoder: "link\.bin" is or passes through a symbolic link out of the run directory/,
    );
    symlinkSync(dir, join(run, 'up'));
    expect(() => files.read('up/secret.bin', 'data.autoencoder')).toThrow(/symbolic link out of the run/);
    // a directory whose entry is a link out
    mkdirSync(join(run, 'd'));
    symlinkSync(join(dir, 'secret.bin'), join(run, 'd', 'model.bin'));
    expect(() => files.read('d', 'data.autoencoder', { entry: 'model.bin' })).toThrow(/symbolic link out/);
  });

  it('refuses a missing file, a directory and a pipe, naming the field', () => {
    expect(() => files.read('nope.bin', 'data.autoencoder', { what: 'autoencoder checkpoint' })).toThrow(
      /^data\.autoencoder: no such file .*nope\.bin \(expected the autoencoder checkpoint\)/,
    );
    expect(() => files.read('inputs', 'data.autoencoder')).toThrow(
      /^data\.autoencoder: .*must be a regular file, this is a directory/,
    );
    const fifo = join(run, 'fifo');
    if (spawnSync('mkfifo', [fifo]).status === 0)
      expect(() => files.read('fifo', 'data.autoencoder')).toThrow(/this is a pipe/);
    else console.info('mkfifo not available: the pipe case is skipped');
    expect(() => files.read('inputs/ae/model.bin', 'data.x', { maxBytes: 3 })).toThrow(
      /^data\.x: .*more than the limit of 3 bytes/,
    );
  });
});

describe('workingDirectoryFiles: the files a user config names', () => {
  const files = workingDirectoryFiles();

  it('reads any regular file, a relative path from the working directory', () => {
    expect(text(files.read(join(dir, 'secret.bin'), 'data.x').bytes)).toBe('outside');
    expect(text(files.read(relative(process.cwd(), join(dir, 'secret.bin')), 'data.x').bytes)).toBe(
      'outside',
    );
    expect(text(files.read(join(run, 'inputs', 'ae'), 'data.x', { entry: 'model.bin' }).bytes)).toBe(
      'inside',
    );
  });

  it('still refuses devices and names a missing file', () => {
    expect(() => files.read('/dev/zero', 'data.autoencoder')).toThrow(
      /^data\.autoencoder: .*must be a regular file, this is a character device/,
    );
    expect(() => files.read(join(dir, 'none'), 'data.autoencoder', { entry: 'model.bin' })).toThrow(
      /^data\.autoencoder: no such file .*none \(expected the file, or a directory holding model\.bin\)/,
    );
  });
});
