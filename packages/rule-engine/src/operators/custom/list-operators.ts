import { RuleCompileError } from '../../errors/rule-compile-error.js';
import type { OperatorDefinition } from '../operator-definition.js';
import type { RuleContext } from '../../rule-set/rule-definition.js';

// Lists are matched case-insensitively (both sides lower-cased): UPNs, domains and app names in audit
// events do not keep one spelling. Only string facts can be in a list.
const lowered = new WeakMap<readonly string[], ReadonlySet<string>>();

function membersOf(list: readonly string[]): ReadonlySet<string> {
  let members = lowered.get(list);
  if (members === undefined) {
    members = new Set(list.filter((item) => typeof item === 'string').map((item) => item.toLowerCase()));
    lowered.set(list, members);
  }
  return members;
}

/** A list by name; undefined when `context.lists` has no such list. */
function listOf(name: unknown, context: RuleContext): readonly string[] | undefined {
  return typeof name === 'string' && Object.hasOwn(context.lists, name) ? context.lists[name] : undefined;
}

function isMember(factValue: unknown, members: ReadonlySet<string> | undefined): boolean {
  return members !== undefined && typeof factValue === 'string' && members.has(factValue.toLowerCase());
}

function prepareMembers(name: unknown, context: RuleContext): ReadonlySet<string> {
  const list = listOf(name, context);
  if (list === undefined) {
    throw new RuleCompileError(
      `Unknown list ${JSON.stringify(name)}: add rules/lists/${String(name)}.yaml or fix the name.`,
    );
  }
  return membersOf(list);
}

/** `inList`: a string fact is in the named list of `context.lists` (case-insensitive). */
export const inListOperator: OperatorDefinition = {
  evaluate: (factValue, value, context) => {
    const list = listOf(value, context);
    return isMember(factValue, list && membersOf(list));
  },
  prepare: (value, context) => {
    const members = prepareMembers(value, context);
    return (factValue) => isMember(factValue, members);
  },
};

/** `notInList`: the negation of `inList` (true for a missing or non-string fact, like `notIn`). */
export const notInListOperator: OperatorDefinition = {
  evaluate: (factValue, value, context) => !inListOperator.evaluate(factValue, value, context),
  prepare: (value, context) => {
    const members = prepareMembers(value, context);
    return (factValue) => !isMember(factValue, members);
  },
};
