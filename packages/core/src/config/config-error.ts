import { hasBrand } from './brand.js';

const CONFIG_ERROR = Symbol.for('udm.ConfigError');

/**
 * A configuration that failed validation. `issues` holds one line per problem, each starting with its path.
 * `instanceof ConfigError` holds for a ConfigError of any copy of @udm/core (a plugin's own copy, too).
 */
export class ConfigError extends Error {
  readonly [CONFIG_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === ConfigError
      ? hasBrand(value, CONFIG_ERROR)
      : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  constructor(readonly issues: readonly string[]) {
    super(issues.length === 1 ? `invalid config: ${issues[0]}` : `invalid config:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}
