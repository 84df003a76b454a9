import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { removeStaleTempFiles, staleTempFiles } from './stale-temp-files.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-stale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited (so no process has it, unless the system reused it meanwhile). */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString(),
  );
}

describe('staleTempFiles / removeStaleTempFiles', () => {
  it('lists the temp files of dead writers of this target only, and removes them', () => {
    const target = join(dir, 'checkpoint.safetensors');
    const dead = deadPid();
    const names = {
      dead: `.checkpoint.safetensors.${dead}.0123456789ab.tmp`,
      live: `.checkpoint.safetensors.${process.pid}.abcdefabcdef.tmp`, // this process: a save in progress
      other: `.samples.safetensors.${dead}.0123456789ab.tmp`, // another target
      unrelated: 'checkpoint.safetensors.bak',
      target: 'checkpoint.safetensors',
    };
    for (const n of Object.values(names)) writeFileSync(join(dir, n), 'x');
    expect(staleTempFiles(target)).toEqual([join(dir, names.dead)]);
    expect(removeStaleTempFiles(target)).toEqual([join(dir, names.dead)]);
    expect(readdirSync(dir).sort()).toEqual([names.live, names.other, names.unrelated, names.target].sort());
    expect(removeStaleTempFiles(target)).toEqual([]);
  });

  it('matches the names writeFileAtomic actually uses', async () => {
    const sub = mkdtempSync(join(dir, 'real-'));
    const target = join(sub, 'model.safetensors');
    // A completed write leaves only the target …
    await writeFileAtomic(target, 'v1');
    expect(readdirSync(sub)).toEqual(['model.safetensors']);
    // … only a killed writer leaves one: simulate it with a child that writes and is killed before renaming.
    const child = spawnSync(process.execPath, [
      '-e',
      `const fs=require('fs');fs.writeFileSync(${JSON.stringify(join(sub, '.model.safetensors.'))}+process.pid+'.00112233aabb.tmp','half');process.kill(process.pid,'SIGKILL')`,
    ]);
    expect(child.signal).toBe('SIGKILL');
    expect(readdirSync(sub).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
    expect(removeStaleTempFiles(target)).toHaveLength(1);
    expect(readdirSync(sub)).toEqual(['model.safetensors']);
    expect(existsSync(target)).toBe(true);
  });

  it('a missing directory has no stale files', () => {
    expect(staleTempFiles(join(dir, 'missing', 'x.safetensors'))).toEqual([]);
  });
});
