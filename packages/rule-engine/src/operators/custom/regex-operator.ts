import type { OperatorDefinition } from '../operator-definition.js';
import { compileRegex, type LinearRegex } from './linear-regex.js';

// Patterns that reach `evaluate` at run time (json-rules-engine passes the value on every call) are
// compiled once each, in a bounded cache. The loader accepts only literal patterns, so these are the
// rule set's own; a program that builds rules by hand may still pass others, and they run in linear
// time too.
const cache = new Map<string, LinearRegex | null>();
const cacheLimit = 1000;

function cachedRegex(pattern: string): LinearRegex | null {
  let regex = cache.get(pattern);
  if (regex === undefined) {
    try {
      regex = compileRegex(pattern);
    } catch {
      regex = null;
    }
    if (cache.size >= cacheLimit) cache.clear();
    cache.set(pattern, regex);
  }
  return regex;
}

/**
 * `regex`: true when a string fact matches the pattern (compileRegex: RE2 syntax, linear time, the first
 * regexTextLimit characters); false for non-strings and invalid patterns.
 */
export const regexOperator: OperatorDefinition = {
  evaluate: (factValue, value) => {
    if (typeof factValue !== 'string' || typeof value !== 'string') return false;
    return cachedRegex(value)?.test(factValue) ?? false;
  },
  prepare: (value) => {
    if (typeof value !== 'string') return () => false;
    const regex = compileRegex(value);
    return (factValue) => typeof factValue === 'string' && regex.test(factValue);
  },
};
