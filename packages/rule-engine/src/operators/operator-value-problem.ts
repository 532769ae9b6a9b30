import { compileCidrBlocks } from './custom/cidr-operator.js';
import type { DocumentPath } from '../parsing/document-path.js';
import { describeValue as describe } from '../parsing/describe-value.js';
import { splitOperator } from './operator-syntax.js';
import { compileRegex } from './custom/linear-regex.js';

/** A problem of a leaf's operator and value: in `field` (default `value`), at `path` below it. */
export interface OperatorValueProblem {
  field?: 'operator' | 'value';
  path: DocumentPath;
  message: string;
}

/**
 * What is wrong with a leaf's `value` for its operator, with the sub-path of the offending item, or
 * undefined. Checks what can be known without the event: list-taking operators get lists, `regex`
 * compiles, `cidr` blocks parse, `changed` names a property, each as the compiler reads them. With `swap` the value is compared as the
 * fact, so nothing is checked, except that a regex pattern never comes from the event: `swap:regex` and
 * a `regex` whose value is a fact reference are refused. Other fact references are only known at run time.
 */
export function operatorValueProblem(operator: string, value: unknown): OperatorValueProblem | undefined {
  const { decorators, base } = splitOperator(operator);
  if (decorators.includes('swap')) {
    // A swapped regex would take its pattern from the event: event text must never choose the regex.
    return base === 'regex'
      ? {
          path: [],
          message: `'${operator}' would take the pattern from the event's fact; use 'regex' with a literal pattern as value`,
          field: 'operator',
        }
      : undefined;
  }
  if (isFactReference(value)) {
    if (base === 'regex')
      return {
        path: [],
        message: `'regex' takes a literal pattern string, not a fact reference: event text must not choose the regex`,
      };
    return base === 'inList' || base === 'notInList'
      ? { path: [], message: `'${base}' takes the name of a list in lists/, not a fact reference` }
      : undefined;
  }
  if (decorators.includes('someValue') || decorators.includes('everyValue')) {
    if (!Array.isArray(value)) {
      return { path: [], message: `'${operator}' applies '${base}' to each item of value, so value must be a list` };
    }
    for (const [index, item] of value.entries()) {
      const problem = baseValueProblem(base, item);
      if (problem) return { path: [index, ...problem.path], message: problem.message };
    }
    return undefined;
  }
  return baseValueProblem(base, value);
}

function baseValueProblem(base: string, value: unknown): { path: DocumentPath; message: string } | undefined {
  if (base === 'cidr' && Array.isArray(value)) {
    for (const [index, block] of value.entries()) {
      const message = valueProblem(base, block);
      if (message) return { path: [index], message };
    }
    return undefined;
  }
  const message = valueProblem(base, value);
  return message === undefined ? undefined : { path: [], message };
}

function valueProblem(base: string, value: unknown): string | undefined {
  switch (base) {
    case 'in':
    case 'notIn':
      return Array.isArray(value)
        ? undefined
        : `'${base}' takes a list of values, got ${describe(value)}; for one value use '${base === 'in' ? 'equal' : 'notEqual'}', for a named list '${base === 'in' ? 'inList' : 'notInList'}'`;
    case 'inList':
    case 'notInList':
      return typeof value === 'string'
        ? undefined
        : `'${base}' takes the name of a list in lists/, got ${describe(value)}`;
    case 'startsWith':
    case 'endsWith':
      return typeof value === 'string' ? undefined : `'${base}' takes a string, got ${describe(value)}`;
    case 'changed':
      return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))
        ? undefined
        : `'changed' takes the name of a modified property (or a list of names), got ${describe(value)}`;
    case 'regex':
      if (typeof value !== 'string') return `'regex' takes a pattern string, got ${describe(value)}`;
      try {
        compileRegex(value);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    case 'cidr':
      if (typeof value !== 'string')
        return `'cidr' takes a CIDR block like 10.0.0.0/8 or a list of them, got ${describe(value)}`;
      try {
        compileCidrBlocks(value);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    default:
      return undefined;
  }
}

function isFactReference(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'fact' in value;
}
