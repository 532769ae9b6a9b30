import type { OperatorDefinition } from '../operator-definition.js';

/** `startsWith`: a string fact begins with the string value (case-sensitive); false for non-strings. */
export const startsWithOperator: OperatorDefinition = {
  evaluate: (factValue, value) =>
    typeof factValue === 'string' && typeof value === 'string' && factValue.startsWith(value),
};

/** `endsWith`: a string fact ends with the string value (case-sensitive); false for non-strings. */
export const endsWithOperator: OperatorDefinition = {
  evaluate: (factValue, value) =>
    typeof factValue === 'string' && typeof value === 'string' && factValue.endsWith(value),
};
