import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TorchCpuRandn } from './torch-randn.js';

const PYTHON = '/usr/bin/python3';
function torchAvailable(): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('TorchCpuRandn', () => {
  it('MT19937 seeded with 5489 gives the reference 10000th output 4123659995', () => {
    const mt = new TorchCpuRandn(5489);
    let v = 0;
    for (let i = 0; i < 10000; i++) v = mt.next32();
    expect(v).toBe(4123659995);
  });

  it('draws standard normals', () => {
    const z = new TorchCpuRandn(1).randn(64_000);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + b * b, 0) / z.length - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });

  it.skipIf(!torchAvailable())('matches torch.manual_seed(0); torch.randn(768) twice, and randn(20)', () => {
    const script =
      'import torch, json\ng = torch.manual_seed(0)\n' +
      'print(json.dumps([torch.randn(768).tolist(), torch.randn(768).tolist(), torch.randn(20).tolist()]))';
    const want = JSON.parse(execFileSync(PYTHON, ['-c', script]).toString()) as number[][];
    const rng = new TorchCpuRandn(0);
    for (const [i, n] of [768, 768, 20].entries()) {
      const got = rng.randn(n);
      const w = want[i]!;
      let worst = 0;
      for (let k = 0; k < n; k++) worst = Math.max(worst, Math.abs(got[k]! - w[k]!));
      expect(worst, `draw ${i}`).toBeLessThan(1e-5);
    }
  });
});
