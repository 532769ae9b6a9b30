import { RuleCompileError } from '../../errors/rule-compile-error.js';
import type { OperatorDefinition } from '../operator-definition.js';

const flagPrefix = /^\(\?([ims]+)\)/;

/**
 * A rule's regex value as a RegExp: JavaScript syntax, unanchored (write ^ and $), case-sensitive unless
 * the pattern starts with an inline flag group: `(?i)` ignore case, `(?m)` multiline, `(?s)` dot matches
 * newlines, combinable as `(?is)`. No other flags: a `g` or `y` RegExp would keep state between events.
 */
export function compileRegex(pattern: string): RegExp {
  const prefix = flagPrefix.exec(pattern);
  const flags = prefix ? [...new Set(prefix[1])].join('') : '';
  const source = prefix ? pattern.slice(prefix[0].length) : pattern;
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new RuleCompileError(`Invalid regex "${pattern}": ${(error as Error).message}`, { cause: error });
  }
}

// Patterns that reach `evaluate` at run time (json-rules-engine passes the value on every call, and a
// fact-valued pattern differs per event) are compiled once each, in a bounded cache.
const cache = new Map<string, RegExp | null>();
const cacheLimit = 1000;

function cachedRegex(pattern: string): RegExp | null {
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

/** `regex`: true when a string fact matches the pattern; false for non-strings and invalid patterns. */
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
