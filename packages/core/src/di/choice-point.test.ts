import { describe, expect, it } from 'vitest';
import { contribution } from './contribution.js';
import { literal, required, struct } from '../config/struct.js';
import { CHOICE_POINTS, choicePoint, choiceRegistry } from './choice-point.js';
import { definePlugin } from './plugin.js';
import { createContainer, registriesOf } from './registries.js';

const Greeting = choicePoint<string>('test.Greeting', 'greeting', 'the test');
const hello = contribution({
  kind: 'hello',
  description: 'says hello',
  codec: struct('hello greeting', { kind: required(literal('hello')) }),
  create: () => 'hello',
});
const bye = contribution({
  kind: 'bye',
  description: 'says bye',
  codec: struct('bye greeting', { kind: required(literal('bye')) }),
  create: () => 'bye',
});

describe('choice points', () => {
  it('use a global token, so copies of a package meet on it', () => {
    expect(Greeting.token).toBe(Symbol.for('udm.test.Greeting'));
  });

  it('collect what every module binds, including lists built with contributeFrom, and are listed', () => {
    const owner = definePlugin(({ contribute }) => {
      contribute(CHOICE_POINTS, Greeting);
      contribute(Greeting.token, hello);
    });
    const other = definePlugin(({ contributeFrom }) => contributeFrom(Greeting.token, () => [bye]));
    const container = createContainer([owner, other]);
    const registry = choiceRegistry(container, Greeting);
    expect(registry.kinds).toEqual(['bye', 'hello']);
    expect(registry.create({ kind: 'bye' }, undefined)).toBe('bye');
    const listed = registriesOf(container).choices.find((c) => c.point.token === Greeting.token);
    expect(listed?.registry.kinds).toEqual(['bye', 'hello']);
  });

  it('is empty when nothing is bound, and an unknown kind names the section and the known kinds', () => {
    expect(choiceRegistry(createContainer([]), Greeting).kinds).toEqual([]);
    const container = createContainer([definePlugin(({ contribute }) => contribute(Greeting.token, hello))]);
    expect(() => choiceRegistry(container, Greeting).get('nope')).toThrow(
      'greeting: unknown kind "nope" (known kinds: "hello")',
    );
  });
});
