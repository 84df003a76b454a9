import { describe, expect, it } from 'vitest';
import { ContainerModule } from 'inversify';
import { TOKENS } from './extension-points.js';
import { definePlugin, isPluginModule } from './plugin.js';
import { createContainer, registriesOf } from './registries.js';
import { linearProcess } from '../test-support/toy-plugin.js';

describe('definePlugin', () => {
  it('contributes to an extension point without an inversify import', () => {
    const plugin = definePlugin(({ contribute }) => contribute(TOKENS.ForwardProcess, linearProcess));
    expect(plugin).toBeInstanceOf(ContainerModule);
    expect(registriesOf(createContainer([plugin])).processes.kinds).toContain(linearProcess.kind);
  });

  it('passes inversify bind through for other bindings', () => {
    const plugin = definePlugin(({ bind }) => {
      bind(TOKENS.ForwardProcess).toDynamicValue(() => linearProcess);
    });
    expect(registriesOf(createContainer([plugin])).processes.has(linearProcess.kind)).toBe(true);
  });
});

describe('isPluginModule', () => {
  it('recognises a module by its shape, also one built by another inversify copy', () => {
    expect(isPluginModule(definePlugin(() => undefined))).toBe(true);
    // What another copy's ContainerModule looks like from here: not instanceof ours, same shape.
    const foreign = {
      id: 1e6,
      load: (options: { bind: (token: unknown) => { toConstantValue(v: unknown): void } }) => {
        options.bind(TOKENS.ForwardProcess).toConstantValue(linearProcess);
      },
    };
    expect(foreign instanceof ContainerModule).toBe(false);
    expect(isPluginModule(foreign)).toBe(true);
    expect(
      registriesOf(createContainer([foreign as unknown as ContainerModule])).processes.has(
        linearProcess.kind,
      ),
    ).toBe(true);
  });

  it('rejects values that are not modules', () => {
    for (const v of [undefined, null, 42, 'x', {}, { load: () => undefined }, { id: 1 }, () => undefined])
      expect(isPluginModule(v)).toBe(false);
  });
});
