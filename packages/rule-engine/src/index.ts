// The public API of @b2c-alerts/rule-engine. Anything not exported here is internal.
export type {
  Severity, LeafCondition, ConditionReference, AllCondition, AnyCondition, NotCondition, TopLevelCondition,
  Condition, Aggregate, RuleSource, RuleDefinition, RuleContext, RuleSet, AlertCandidate,
} from './rule-definition.js';
export { severities } from './rule-definition.js';
export { knownFacts, isKnownFact, getFact } from './facts.js';
