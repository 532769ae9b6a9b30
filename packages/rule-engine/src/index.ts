// The public API of @b2c-alerts/rule-engine. Anything not exported here is internal.
export type {
  Severity, LeafCondition, ConditionReference, AllCondition, AnyCondition, NotCondition, TopLevelCondition,
  Condition, Aggregate, RuleSource, RuleDefinition, RuleContext, RuleSet, AlertCandidate,
} from './rule-definition.js';
export { severities } from './rule-definition.js';
export { knownFacts, isKnownFact, getFact } from './facts.js';
export { operatorNames, isOperatorName } from './operators.js';
export { compileRegex } from './regex-operator.js';
export { isFactPath } from './fact-path.js';
export { compileCondition, type EventPredicate } from './compile-condition.js';
export { RuleMatcher } from './rule-matcher.js';
export { toEngineRule, type EngineRule } from './to-engine-rule.js';
export { createReferenceEngine, type ReferenceEngine, type ReferenceEngineOptions } from './reference-engine.js';
export { explainRule, type ExplainNode } from './explain.js';
export { RuleCompileError } from './errors/rule-compile-error.js';
