// The public API of @b2c-alerts/rule-engine. Anything not exported here is internal.
export type {
  Severity,
  LeafCondition,
  ConditionReference,
  AllCondition,
  AnyCondition,
  NotCondition,
  TopLevelCondition,
  Condition,
  Aggregate,
  FactChoice,
  FirstOf,
  RuleSource,
  RuleDefinition,
  RuleContext,
  RuleSet,
  AlertCandidate,
  SequenceAggregate,
  SequenceStep,
  SequenceStepSummary,
} from './rule-set/rule-definition.js';
export { severities } from './rule-set/rule-definition.js';
export { isKnownFact, getFact } from './conditions/facts.js';
export { RuleMatcher } from './evaluation/rule-matcher.js';
export {
  createReferenceEngine,
  type ReferenceEngine,
  type ReferenceEngineOptions,
} from './reference-engine/reference-engine.js';
export { explainRule, type ExplainNode } from './reference-engine/explain.js';
export { RuleCompileError } from './errors/rule-compile-error.js';
export { loadRuleSet, type LoadRuleSetOptions, type LoadRuleSetResult } from './rule-set/load-rule-set.js';
export { formatProblem, type RuleProblem } from './parsing/rule-problem.js';
export { ruleFileJsonSchema } from './rule-set/rule-file-json-schema.js';
export { parseDuration, type ParseDurationOptions } from './parsing/parse-duration.js';
export { DurationError } from './errors/duration-error.js';
export { nearestName } from './parsing/nearest-name.js';
export { RuleEngineError, isRuleEngineError, type RuleEngineErrorCode } from './errors/rule-engine-error.js';
export { RuleSetError } from './errors/rule-set-error.js';
export type {
  StateStore,
  ThrottleRecord,
  EventRecord,
  MatchRecord,
  CountRecord,
  DistinctRecord,
  FirstSeenRecord,
  AliveRecord,
  AbsenceCheck,
  WindowSummary,
  RecordOutcome,
  AliveOutcome,
  Silence,
  SequenceRecord,
  SequenceStepRule,
  SequenceOutcome,
  SequenceFired,
  SequenceCheck,
  SequenceFiring,
  StepWindow,
  SpikeParams,
  SpikeRecord,
  SpikeCheck,
  SpikeWindow,
  SpikeOutcome,
  SpikeAlert,
} from './state/state-store.js';
export { MemoryStateStore } from './state/memory/memory-state-store.js';
export type { MemoryStateStoreOptions } from './state/memory/memory-state-store.js';
export { RedisStateStore, type RedisStateStoreOptions } from './state/redis/redis-state-store.js';
export { defineScripts, type LuaScript, type ScriptCall, type ScriptCalls } from './state/redis/define-scripts.js';
export { stateKeys } from './state/state-keys.js';
export {
  Evaluator,
  defaultForgetAfterMs,
  defaultMaxGroups,
  type EvaluateOptions,
  type EvaluatorOptions,
  type EvaluatorStats,
} from './evaluation/evaluator.js';
export { groupKey, formatGroupKey, factText, type GroupKey } from './evaluation/group-key.js';
export { skipReasons, skippedFacts, type SkipReason } from './evaluation/skip-reason.js';
export { StateStoreError } from './errors/state-store-error.js';
export { testsFileJsonSchema } from './rule-tests/tests-file-json-schema.js';
export { parseTestEvent } from './rule-tests/parse-test-event.js';
export {
  runRuleTests,
  type RuleTestResult,
  type RuleTestsReport,
  type RunRuleTestsOptions,
} from './rule-tests/run-rule-tests.js';
export { readRouteNames } from './routes/read-route-names.js';
export { defaultRouteTimers, type Route, type Routes } from './routes/route.js';
export { interpolateVariables, type Interpolation } from './routes/interpolate-variables.js';
export { routeVariablesByPrefix, type RouteVariables } from './routes/route-variables.js';
export { loadRoutes, type LoadRoutesResult } from './routes/load-routes.js';
export {
  silenceIdPattern,
  silenceMatcherNames,
  type SilenceEntry,
  type SilenceMatcher,
} from './silences/silences-file-schema.js';
export { loadSilences, type LoadSilencesOptions, type LoadSilencesResult } from './silences/load-silences.js';
export { activeSilence, silenceState, type SilenceTarget, type SilenceState } from './silences/silence-matcher.js';
export { addSilenceToFile, expireSilenceInFile } from './silences/silences-file-editor.js';
export { SilencesFileError } from './errors/silences-file-error.js';
export {
  runReplay,
  defaultReorderWindowMs,
  replayTickMs,
  type ReplayOptions,
  type ReplayStats,
  type RuleReplayStats,
} from './replay/run-replay.js';
export { OrderedEvaluation, type OrderedEvaluationOptions } from './replay/ordered-evaluation.js';
export { compareReplayOrder } from './replay/compare-replay-order.js';
