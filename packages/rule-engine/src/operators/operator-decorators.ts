import type { DecoratorDefinition } from './operator-definition.js';

// Copies of json-rules-engine 7.3.1's engine-default-operator-decorators.js. someFact/everyFact are
// false on a non-array fact; someValue/everyValue throw on a non-array value, as there.

type Items = unknown[];

export const operatorDecorators: Readonly<Record<string, DecoratorDefinition>> = {
  someFact: { validate: Array.isArray, apply: (a, b, next) => (a as Items).some((item) => next(item, b)) },
  someValue: { apply: (a, b, next) => (b as Items).some((item) => next(a, item)) },
  everyFact: { validate: Array.isArray, apply: (a, b, next) => (a as Items).every((item) => next(item, b)) },
  everyValue: { apply: (a, b, next) => (b as Items).every((item) => next(a, item)) },
  swap: { apply: (a, b, next) => next(b, a) },
  not: { apply: (a, b, next) => !next(a, b) },
};
