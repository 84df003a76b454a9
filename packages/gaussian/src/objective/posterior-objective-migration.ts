import {
  ConfigError,
  decodeOrThrow,
  type ConfigMigration,
  type KindConfig,
  type RawConfig,
  type Registry,
} from '@udm/core';
import type { Parameterization } from '../parameterization/parameterization.js';
import { timeDistributionRegistry } from './time-distribution-contributions.js';
import { lossWeightingRegistry } from './weighting-contributions.js';

const OLD_FIELDS = ['weighting', 'time'] as const;
const UNIFORM: KindConfig = { kind: 'uniform' };

const isObject = (v: unknown): v is RawConfig => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of two decoded (plain JSON) values. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b))
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]))
    );
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  return (
    keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length &&
    keys.every((k) => sameValue(a[k], b[k]))
  );
}

/** Decodes a weighting / time choice (undefined where it does not decode: then it agrees with nothing). */
function tryDecode(
  registry: Pick<Registry<unknown, unknown>, 'codec'>,
  value: unknown,
): KindConfig | undefined {
  try {
    return decodeOrThrow(registry.codec(), value);
  } catch {
    return undefined;
  }
}

/**
 * The deprecated spelling `posterior: { kind: <parameterization>, weighting?, time? }` (ω(t) and p_time on the
 * Gaussian posterior), translated into `train.objective: { kind: "weighted-denoising", weighting?, time? }` — the same
 * numbers for the same seed. Old fields at their defaults (no weighting, uniform time) were the plain denoising loss:
 * they are dropped. A config that gives both spellings must agree (after defaults), otherwise a ConfigError names
 * both; only posterior kinds of `parameterizations` carried the old fields.
 */
export function posteriorObjectiveMigration(
  parameterizations: Pick<Registry<Parameterization, unknown>, 'has'>,
): ConfigMigration {
  return {
    fields: OLD_FIELDS.map((f) => `posterior.${f}`),
    migrate(raw) {
      const posterior = raw['posterior'];
      if (!isObject(posterior) || typeof posterior['kind'] !== 'string') return undefined;
      if (!parameterizations.has(posterior['kind'])) return undefined;
      const given = OLD_FIELDS.filter((f) => posterior[f] !== undefined);
      if (given.length === 0) return undefined;
      const { weighting, time, ...rest } = posterior;
      const oldNames = given.map((f) => `posterior.${f}`).join(' and ');
      // The old fields are checked where they were written, so that a mistake names the field the user wrote.
      const w =
        weighting === undefined
          ? undefined
          : decodeOrThrow(lossWeightingRegistry.codec(), weighting, 'posterior.weighting');
      const p = decodeOrThrow(timeDistributionRegistry.codec(), time ?? UNIFORM, 'posterior.time');
      const train = raw['train'];
      if (train !== undefined && !isObject(train)) return undefined; // validation names train
      const objective = isObject(train) ? train['objective'] : undefined;
      const moved = { ...raw, posterior: rest };
      if (w === undefined && sameValue(p, UNIFORM))
        return {
          config: moved,
          warning:
            `${oldNames}: deprecated; the value given is the default (no weighting, uniform t), ` +
            'so it is ignored — remove it (ω(t) and p_time are now chosen in train.objective: ' +
            '{ "kind": "weighted-denoising", "weighting", "time" })',
        };
      const spelled: KindConfig = {
        kind: 'weighted-denoising',
        ...(weighting !== undefined ? { weighting } : {}),
        ...(time !== undefined ? { time } : {}),
      };
      const now = `train.objective: ${JSON.stringify(spelled)}`;
      if (objective !== undefined) {
        const agrees =
          isObject(objective) &&
          objective['kind'] === 'weighted-denoising' &&
          sameValue(
            objective['weighting'] === undefined
              ? undefined
              : tryDecode(lossWeightingRegistry, objective['weighting']),
            w,
          ) &&
          sameValue(tryDecode(timeDistributionRegistry, objective['time'] ?? UNIFORM), p);
        if (!agrees)
          throw new ConfigError([
            `${oldNames} (the deprecated spelling of ${now}) and train.objective ` +
              `${JSON.stringify(objective)} disagree: give ω(t) and p_time in train.objective only`,
          ]);
        return {
          config: moved,
          warning: `${oldNames}: deprecated and repeated in train.objective; remove ${oldNames}`,
        };
      }
      return {
        config: { ...moved, train: { ...train, objective: spelled } },
        warning: `${oldNames}: deprecated spelling; write ${now} instead (same numbers for the same seed)`,
      };
    },
  };
}
