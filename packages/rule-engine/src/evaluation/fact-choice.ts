import type { AuditEvent } from '@b2c-alerts/audit-client';
import { getFact } from '../conditions/facts.js';
import type { FactChoice } from '../rule-set/rule-definition.js';

/** The value an entry takes on an event, and the name it goes by: the fact that supplied it, or `as`. */
export interface ChosenFact {
  name: string;
  /** Present: neither undefined, null nor ''. */
  value: unknown;
}

/**
 * The value of `choice` on `event`: a plain fact's value, or the first present fact of `firstOf`, in
 * order. Present means neither missing (undefined, null) nor '': an empty sign-in name falls through to
 * the next fact as a missing one does. Undefined when no fact of the entry is present.
 */
export function chooseFact(choice: FactChoice, event: AuditEvent): ChosenFact | undefined {
  if (typeof choice === 'string') {
    const value = getFact(event, choice);
    return isPresent(value) ? { name: choice, value } : undefined;
  }
  for (const fact of choice.firstOf) {
    const value = getFact(event, fact);
    if (isPresent(value)) return { name: choice.as ?? fact, value };
  }
  return undefined;
}

/** True when some entry of `choices` has a value on `event`. */
export function anyChosen(choices: readonly FactChoice[], event: AuditEvent): boolean {
  return choices.some((choice) => chooseFact(choice, event) !== undefined);
}

/** The name of an entry that has no value on an event: its fact, its `as`, or its first fallback. */
export function choiceName(choice: FactChoice): string {
  return typeof choice === 'string' ? choice : (choice.as ?? choice.firstOf[0] ?? '');
}

/** Every fact an entry may read, in order. */
export function choiceFacts(choice: FactChoice): string[] {
  return typeof choice === 'string' ? [choice] : choice.firstOf;
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}
