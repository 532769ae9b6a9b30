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
export { loadRuleSet, type LoadRuleSetOptions, type LoadRuleSetResult } from './load-rule-set.js';
export { formatProblem, type RuleProblem } from './rule-problem.js';
export { ruleFileJsonSchema } from './rule-file-json-schema.js';
export { parseDuration } from './parse-duration.js';
export { nearestName } from './nearest-name.js';
export { RuleEngineError, isRuleEngineError, type RuleEngineErrorCode } from './errors/rule-engine-error.js';
export { RuleSetError } from './errors/rule-set-error.js';
export type {
  StateStore, ThrottleRecord, EventRecord, MatchRecord, CountRecord, DistinctRecord, FirstSeenRecord, AliveRecord,
  AbsenceCheck, WindowSummary, RecordOutcome, AliveOutcome, Silence,
} from './state-store.js';
export { MemoryStateStore } from './memory-state-store.js';
export type { MemoryStateStoreOptions } from './memory-state-store.js';
export { RedisStateStore, type RedisStateStoreOptions } from './redis-state-store.js';
export { Evaluator, defaultLatenessMs, defaultForgetAfterMs, type EvaluatorOptions, type EvaluatorStats } from './evaluator.js';
export { groupKey, formatGroupKey, factText, type GroupKey } from './group-key.js';
export { StateStoreError } from './errors/state-store-error.js';
export {
  testsFileSchema, testCaseSchema, testEventSchema, expectedAlertSchema,
  type TestsFile, type TestCase, type TestEvent, type ExpectedAlert,
} from './tests-file-schema.js';
export { testsFileJsonSchema } from './tests-file-json-schema.js';
export { buildTestEvents, defaultTestStart, type BuildTestEventsOptions } from './build-test-events.js';
export { parseTestEvent } from './parse-test-event.js';
export { parseOffset } from './parse-offset.js';
export { alertsDiff } from './rule-test-diff.js';
export { runRuleTests, type RuleTestResult, type RuleTestsReport, type RunRuleTestsOptions } from './run-rule-tests.js';
export { readRouteNames } from './read-route-names.js';
export { defaultRouteTimers, type Route, type Routes } from './route.js';
export { routesFileSchema, routeNamePattern, parseTimer } from './routes-file-schema.js';
export { interpolateVariables, type Interpolation } from './interpolate-variables.js';
export { loadRoutes, type LoadRoutesResult } from './load-routes.js';
export {
  silencesFileSchema, silenceSchema, silenceMatcherSchema, silenceIdPattern, silenceMatcherNames,
  type SilenceEntry, type SilenceMatcher,
} from './silences-file-schema.js';
export { loadSilences, type LoadSilencesOptions, type LoadSilencesResult } from './load-silences.js';
export { activeSilence, matcherHolds, silenceState, type SilenceTarget, type SilenceState } from './silence-matcher.js';
export { addSilenceToText, expireSilenceInText, addSilenceToFile, expireSilenceInFile } from './silences-file-editor.js';
export { SilencesFileError } from './errors/silences-file-error.js';
