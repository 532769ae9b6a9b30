import type { OperatorDefinition } from './operator-definition.js';

// Copies of json-rules-engine 7.3.1's engine-default-operators.js, down to its quirks: `in` on a string
// value is a substring test, `in`/`notIn` throw on a value with no indexOf, `contains` is false on a
// non-array fact, and the numeric operators accept anything parseFloat can read ('12abc', [3]) before
// comparing with JavaScript's own `<`.

interface Searchable {
  indexOf(item: unknown): number;
}

const numberValidator = (factValue: unknown): boolean => Number.parseFloat(factValue as string).toString() !== 'NaN';

/** `value.indexOf(fact) > -1`, with a Set for constant arrays (NaN removed: indexOf never finds it). */
function membership(value: unknown): (factValue: unknown) => boolean {
  if (Array.isArray(value)) {
    const members = new Set(value.filter((item) => !Number.isNaN(item)));
    return (factValue) => members.has(factValue);
  }
  return (factValue) => (value as Searchable).indexOf(factValue) > -1;
}

type Comparable = number;

export const builtinOperators: Readonly<Record<string, OperatorDefinition>> = {
  equal: { evaluate: (a, b) => a === b },
  notEqual: { evaluate: (a, b) => a !== b },
  in: {
    evaluate: (a, b) => (b as Searchable).indexOf(a) > -1,
    prepare: (b) => membership(b),
  },
  notIn: {
    evaluate: (a, b) => (b as Searchable).indexOf(a) === -1,
    prepare: (b) => {
      const isMember = membership(b);
      return (a) => !isMember(a);
    },
  },
  contains: { evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) > -1 },
  doesNotContain: { evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) === -1 },
  lessThan: { evaluate: (a, b) => numberValidator(a) && (a as Comparable) < (b as Comparable) },
  lessThanInclusive: { evaluate: (a, b) => numberValidator(a) && (a as Comparable) <= (b as Comparable) },
  greaterThan: { evaluate: (a, b) => numberValidator(a) && (a as Comparable) > (b as Comparable) },
  greaterThanInclusive: { evaluate: (a, b) => numberValidator(a) && (a as Comparable) >= (b as Comparable) },
};
