import { ContainerModule, type ContainerModuleLoadOptions, type ServiceIdentifier } from 'inversify';
import type { ContributionSource } from './choice-point.js';

/** What a plugin's `register` function receives. */
export interface PluginContext {
  /**
   * Adds contributions to an extension point: each is multi-bound as a constant to `token` (one of core's `TOKENS`,
   * or a package's own, e.g. `GAUSSIAN_TOKENS.BetaSchedule`). The composition root looks them up by `kind`.
   */
  contribute<C>(token: ServiceIdentifier<C>, ...contributions: readonly C[]): void;
  /**
   * Adds contributions built from what the container holds, once, when the registries are read: e.g. a process
   * whose config chooses among the β schedules bound to a choice point (`choiceRegistry(source, point)`), so a
   * schedule another plugin adds is a valid choice.
   */
  contributeFrom<C>(token: ServiceIdentifier<C>, make: (source: ContributionSource) => readonly C[]): void;
  /** inversify's `bind`, for bindings other than constant contributions (e.g. `toDynamicValue`). */
  readonly bind: ContainerModuleLoadOptions['bind'];
}

/**
 * Declares a plugin: the one place a package (or a user's own npm project) wires its contributions. Returns an
 * inversify `ContainerModule` built with the same inversify copy as core, so a plugin needs no direct `inversify`
 * import:
 *
 * ```ts
 * export default definePlugin(({ contribute }) => contribute(TOKENS.ForwardProcess, myProcess));
 * ```
 */
export function definePlugin(register: (plugin: PluginContext) => void): ContainerModule {
  return new ContainerModule((options) => {
    register({
      bind: options.bind,
      contribute: (token, ...contributions) => {
        for (const c of contributions) options.bind(token).toConstantValue(c);
      },
      contributeFrom: (token, make) => {
        // The registries flatten a bound list (see registriesOf).
        options
          .bind(token as ServiceIdentifier<unknown>)
          .toDynamicValue((context) => make(context))
          .inSingletonScope();
      },
    });
  });
}

/**
 * Whether `value` is a plugin module, recognised by its shape (a numeric `id` and a `load` function, as every
 * inversify `ContainerModule` has) and never by `instanceof`: a module built by another copy of inversify (a plugin
 * project with its own install) is still one.
 */
export function isPluginModule(value: unknown): value is ContainerModule {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { id?: unknown; load?: unknown };
  return typeof v.id === 'number' && typeof v.load === 'function';
}
