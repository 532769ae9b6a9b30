import { RuleEngineError } from './rule-engine-error.js';

/**
 * A condition the compiler cannot turn into a predicate: an unknown operator, list or shared condition,
 * a cycle of condition references, an invalid regex or CIDR block, or a path outside the supported
 * JSONPath-lite forms. `loadRuleSet` reports all of these with file and line before anything is
 * compiled, so seeing this error means a rule set was built without the loader: validate it with
 * `b2c-alerts rules validate`.
 */
export class RuleCompileError extends RuleEngineError {
  override name = 'RuleCompileError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('RE_ERR_RULE_COMPILE', message, options);
  }
}
