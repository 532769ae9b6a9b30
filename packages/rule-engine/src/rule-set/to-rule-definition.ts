import { parseDuration } from '../parsing/parse-duration.js';
import { parsePercent } from '../parsing/percent-schema.js';
import type {
  Aggregate,
  FactChoice,
  RuleDefinition,
  RuleSource,
  SequenceAggregate,
  SequenceStep,
} from './rule-definition.js';
import type { RuleFile } from './rule-file-schema.js';

/** A validated rule file in the evaluator's terms: durations in ms, fact lists as arrays, defaults applied. */
export function toRuleDefinition(file: RuleFile, source: RuleSource): RuleDefinition {
  const rule: RuleDefinition = {
    id: file.id,
    title: file.title,
    description: file.description,
    severity: file.severity,
    enabled: file.enabled,
    tags: file.tags,
    references: file.references,
    match: file.match,
    notify: file.notify,
    fields: file.fields,
    source,
  };
  if (file.runbook !== undefined) rule.runbook = file.runbook;
  if (file.aggregate) rule.aggregate = toAggregate(file.aggregate);
  if (file.maxGroups !== undefined) rule.maxGroups = file.maxGroups;
  if (file.throttle) rule.throttle = { key: asList(file.throttle.key), forMs: parseDuration(file.throttle.for) };
  return rule;
}

function toAggregate(a: NonNullable<RuleFile['aggregate']>): Aggregate {
  const groupBy = asList(a.groupBy);
  switch (a.kind) {
    case 'count':
      return { kind: 'count', groupBy, windowMs: parseDuration(a.window), threshold: a.threshold };
    case 'distinct':
      return {
        kind: 'distinct',
        groupBy,
        windowMs: parseDuration(a.window),
        threshold: a.threshold,
        field: toChoice(a.field),
      };
    case 'first-seen':
      return { kind: 'first-seen', groupBy, learningMs: parseDuration(a.learning) };
    case 'absence':
      return { kind: 'absence', groupBy, windowMs: parseDuration(a.window) };
    case 'sequence':
      return toSequence(a, groupBy);
    case 'spike': {
      const { direction, minCurrent, minPrevious } = a;
      const spike: Extract<Aggregate, { kind: 'spike' }> = {
        kind: 'spike',
        groupBy,
        windowMs: parseDuration(a.window),
        direction,
        minCurrent,
        minPrevious,
      };
      if (a.ratio !== undefined) spike.ratio = a.ratio;
      const dropPercent = a.drop === undefined ? undefined : parsePercent(a.drop);
      if (dropPercent !== undefined) spike.dropPercent = dropPercent;
      return spike;
    }
  }
}

function toSequence(
  a: Extract<NonNullable<RuleFile['aggregate']>, { kind: 'sequence' }>,
  groupBy: FactChoice[],
): Aggregate {
  const windowMs = parseDuration(a.window);
  const steps: SequenceStep[] = a.steps.map((step) => ({
    name: step.name,
    match: step.match,
    threshold: step.threshold,
    ...(step.distinct === undefined ? {} : { distinct: step.distinct }),
    windowMs: step.window === undefined ? windowMs : parseDuration(step.window),
  }));
  const sequence: SequenceAggregate = { kind: 'sequence', groupBy, windowMs, steps };
  if (a.absent !== undefined)
    sequence.absent = {
      match: a.absent.match,
      windowMs: a.absent.window === undefined ? windowMs : parseDuration(a.absent.window),
    };
  return sequence;
}

type FileChoice = string | { firstOf: string[]; as?: string | undefined };

function asList(value: FileChoice | FileChoice[] | undefined): FactChoice[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(toChoice) : [toChoice(value)];
}

/** Fallbacks without an `as` key when the file gave none, so definitions compare equal. */
function toChoice(choice: FileChoice): FactChoice {
  if (typeof choice === 'string') return choice;
  return choice.as === undefined ? { firstOf: choice.firstOf } : { firstOf: choice.firstOf, as: choice.as };
}
