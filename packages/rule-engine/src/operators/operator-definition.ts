import type { RuleContext } from '../rule-set/rule-definition.js';

/**
 * One operator, evaluated as json-rules-engine evaluates it: false when the fact fails the operator's
 * validator, else the comparison. `evaluate` may throw exactly where json-rules-engine's own operator
 * throws (built-ins given a value they cannot take); our operators never throw.
 */
export interface OperatorDefinition {
  evaluate(factValue: unknown, value: unknown, context: RuleContext): boolean;
  /**
   * The same answers as `evaluate` for one constant `value`, with the work that depends only on the
   * value done once (Sets, RegExps, BlockLists). Throws RuleCompileError for a value that can never be
   * evaluated (an invalid regex or CIDR, an unknown list).
   */
  prepare?(value: unknown, context: RuleContext): (factValue: unknown) => boolean;
}

/** A json-rules-engine operator decorator: wraps the operator after it in `decorator:operator`. */
export interface DecoratorDefinition {
  /** json-rules-engine's fact validator for the decorated operator: false when it fails. */
  validate?: (factValue: unknown) => boolean;
  apply(factValue: unknown, value: unknown, next: (factValue: unknown, value: unknown) => boolean): boolean;
}
