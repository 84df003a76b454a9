/**
 * Proof that a plugin works from its OWN npm project (issue 15 item 7): `tests/external-plugin/project` is
 * installed in a temp directory from the `npm pack` tarballs of the built @udm packages plus the registry's latest
 * `inversify` and `@tensorflow/tfjs`, compiled, and driven through the installed `udm --plugin`. One install serves
 * every assertion. Skips (saying why) only when the npm registry cannot be reached.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '@udm/backend-tfjs';
import {
  buildExternalProject,
  installedCopies,
  registryLatest,
  type ExternalProject,
  type Ran,
} from './external-project.js';

const latest = await registryLatest();
if (!latest.ok) {
  console.warn(`external plugin project: skipped, the npm registry cannot be reached (${latest.reason})`);
}

/** Every line any `udm` run printed, to check for duplicate-registration warnings at the end. */
const transcript: string[] = [];

async function udmJson(project: ExternalProject, args: readonly string[]): Promise<Record<string, unknown>> {
  const r: Ran = await project.udm(['--json', ...args]);
  transcript.push(r.stdout, r.stderr);
  if (r.status !== 0)
    throw new Error(`udm ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr.slice(-3000)}`);
  const result = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((e) => e['event'] === 'result');
  if (!result) throw new Error(`udm ${args.join(' ')} printed no result:\n${r.stdout}`);
  return result;
}

/** The samples a `udm sample` run wrote (safetensors), as numbers with their shape. */
function readSamples(
  project: ExternalProject,
  result: Record<string, unknown>,
): { shape: number[]; values: number[] } {
  const file = (result['files'] as { samples: string }).samples;
  const decoded = decodeSafetensors(readFileSync(join(project.dir, file)));
  const tensors = Object.values(decoded.tensors);
  expect(tensors.length, `${file} holds one tensor`).toBeGreaterThanOrEqual(1);
  const t = tensors[0]!;
  return { shape: t.shape, values: Array.from(t.data as Float32Array | Float64Array, Number) };
}

describe.skipIf(!latest.ok)(
  'a plugin in its own npm project (packed @udm packages, latest inversify and tfjs)',
  () => {
    let project: ExternalProject;

    beforeAll(async () => {
      if (!latest.ok) return;
      project = await buildExternalProject(latest, {
        've-plugin.ts': 'examples/custom-plugin/src/ve-plugin.ts',
      });
    }, 600_000);

    afterAll(() => {
      project?.remove();
      // No "kernel … already registered" (a second tfjs copy) nor any other duplicate-registration warning.
      const warnings = transcript
        .join('\n')
        .split('\n')
        .filter((l) => /already registered/i.test(l));
      expect(warnings, 'duplicate registrations in the udm output').toEqual([]);
    });

    it('installs one copy of inversify and of tfjs-core, at the registry versions', () => {
      const inv = installedCopies(project.dir, 'inversify');
      expect(inv, 'inversify copies').toHaveLength(1);
      const version = (JSON.parse(readFileSync(join(inv[0]!, 'package.json'), 'utf8')) as { version: string })
        .version;
      expect(version).toBe(latest.ok ? latest.inversify : '');
      expect(installedCopies(project.dir, '@tensorflow/tfjs-core'), 'tfjs-core copies').toHaveLength(1);
      expect(installedCopies(project.dir, '@tensorflow/tfjs'), 'tfjs copies').toHaveLength(1);
    });

    it('trains and samples a process written from scratch through udm --plugin', async () => {
      const trained = await udmJson(project, [
        '--plugin',
        'dist/ve-plugin.js',
        'train',
        '-c',
        'configs/ve-linear.json',
        '-o',
        'runs',
        '-n',
        've',
      ]);
      expect(trained['step']).toBe(20);
      expect(Number.isFinite(trained['lastLoss'])).toBe(true);
      const sampled = await udmJson(project, [
        '--plugin',
        'dist/ve-plugin.js',
        'sample',
        '-k',
        String(trained['runDir']),
        '--count',
        '64',
        '--steps',
        '10',
        '-o',
        'samples/ve',
      ]);
      const { shape, values } = readSamples(project, sampled);
      expect(shape).toEqual([64, 2]);
      expect(values.every(Number.isFinite)).toBe(true);
    });

    describe('road 1: a sigmoid β schedule added from the project', () => {
      const plugin = ['--plugin', 'dist/sigmoid-schedule.js'];
      let runDir = '';

      beforeAll(async () => {
        const trained = await udmJson(project, [
          ...plugin,
          'train',
          '-c',
          'configs/sigmoid-vp.json',
          '-o',
          'runs',
          '-n',
          'sigmoid',
        ]);
        expect(trained['step']).toBe(20);
        runDir = String(trained['runDir']);
      }, 300_000);

      it('is listed by udm list as a process.schedule kind', async () => {
        const r = await project.udm([...plugin, '--json', 'list']);
        transcript.push(r.stdout, r.stderr);
        expect(r.status, r.stderr).toBe(0);
        const table = JSON.parse(r.stdout) as { section: string; kinds: { kind: string }[] }[];
        const schedules = table.find((t) => t.section.startsWith('process.schedule (process.kind "vp")'));
        expect(schedules?.kinds.map((k) => k.kind)).toContain('sigmoid');
      });

      it("puts the schedule's ᾱ table into the vp process (float64, Π(1 − β_i) with the sigmoid β_i)", async () => {
        const r = await project.node('alpha-bar-table.js', ['configs/sigmoid-vp.json']);
        transcript.push(r.stdout, r.stderr);
        expect(r.status, r.stderr).toBe(0);
        const { process: table } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { process: number[] };
        // The schedule's definition, computed here independently: β_i = 1e-4 + (0.2 − 1e-4)·σ(−6 + 12 i/99).
        let prod = 1;
        const expected = Array.from({ length: 100 }, (_, i) => {
          prod *= 1 - (1e-4 + (0.2 - 1e-4) / (1 + Math.exp(6 - (12 * i) / 99)));
          return prod;
        });
        expect(table).toHaveLength(100);
        table.forEach((a, i) => expect(Math.abs(a - expected[i]!)).toBeLessThan(1e-12));
        // Not what the default schedule (linear β from 1e-4 to 0.02) would have given.
        let linear = 1;
        for (let i = 0; i <= 49; i++) linear *= 1 - (1e-4 + ((0.02 - 1e-4) * i) / 99);
        expect(Math.abs(table[49]! - linear)).toBeGreaterThan(0.01);
        expect(table[99]!).toBeLessThan(1e-3);
      });

      it('runs a command the project contributes (udm alpha-bar), listed by udm --help and udm list', async () => {
        const both = [...plugin, '--plugin', 'dist/alpha-bar-command.js'];
        const help = await project.udm([...both, '--help']);
        expect(help.status, help.stderr).toBe(0);
        expect(help.stdout).toMatch(/alpha-bar \[options\] \[run\]/);
        const listed = await project.udm([...both, '--json', 'list']);
        transcript.push(listed.stdout, listed.stderr);
        const table = JSON.parse(listed.stdout) as { section: string; kinds: { kind: string }[] }[];
        const commands = table.find((t) => t.section.startsWith('commands'))?.kinds.map((k) => k.kind);
        expect(commands).toEqual(expect.arrayContaining(['alpha-bar', 'distill', 'import-diffusers']));
        const r = await udmJson(project, [
          ...both,
          'alpha-bar',
          runDir,
          '--at',
          '0',
          '--at',
          '49',
          '--at',
          '99',
        ]);
        expect(r['times']).toEqual([0, 49, 99]);
        let prod = 1;
        const expected = Array.from({ length: 100 }, (_, i) => {
          prod *= 1 - (1e-4 + (0.2 - 1e-4) / (1 + Math.exp(6 - (12 * i) / 99)));
          return prod;
        });
        (r['alphaBar'] as number[]).forEach((a, i) =>
          expect(Math.abs(a - expected[[0, 49, 99][i]!]!)).toBeLessThan(1e-12),
        );
        const bad = await project.udm([...both, 'alpha-bar', runDir, '--at', '-1']);
        expect(bad.status).not.toBe(0);
        expect(bad.stderr).toMatch(/--at: expected a non-negative integer, got -1/);
      });

      const solvers = async (): Promise<string[]> => {
        const r = await project.udm([...plugin, '--json', 'list']);
        const table = JSON.parse(r.stdout) as { section: string; kinds: { kind: string }[] }[];
        return table.filter((t) => t.section.startsWith('solver')).flatMap((t) => t.kinds.map((k) => k.kind));
      };

      it('samples with DDPM, DDIM and every ODE solver', async () => {
        const odeKinds = await solvers();
        expect(odeKinds.length, 'ODE solvers listed').toBeGreaterThanOrEqual(3);
        const runs: { name: string; args: string[] }[] = [
          { name: 'ddpm', args: ['--step', 'ddpm'] },
          { name: 'ddim', args: ['--step', 'ddim'] },
          ...odeKinds.map((kind) => ({ name: kind, args: ['--sampler', kind] })),
        ];
        for (const { name, args } of runs) {
          const sampled = await udmJson(project, [
            ...plugin,
            'sample',
            '-k',
            runDir,
            '--count',
            '32',
            '--steps',
            '8',
            ...args,
            '-o',
            `samples/sigmoid-${name}`,
          ]);
          const { shape, values } = readSamples(project, sampled);
          expect(shape, name).toEqual([32, 2]);
          expect(values.every(Number.isFinite), `${name}: finite samples`).toBe(true);
        }
      });
    });

    it('names the file when it exports no plugin module', async () => {
      writeFileSync(join(project.dir, 'not-a-plugin.mjs'), 'export const answer = 42;\n');
      const r = await project.udm(['--plugin', 'not-a-plugin.mjs', 'list']);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/--plugin not-a-plugin\.mjs: the file exports no plugin module/);
    });
  },
);
