/** A configuration that failed validation. `issues` holds one line per problem, each starting with its path. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(issues.length === 1 ? `invalid config: ${issues[0]}` : `invalid config:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}
