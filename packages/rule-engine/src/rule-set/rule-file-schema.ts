import { z } from 'zod';
import { topLevelConditionSchema } from '../conditions/condition-schema.js';
import { durationSchema } from '../parsing/duration-schema.js';
import { factNameSchema } from '../conditions/fact-name-schema.js';
import { factChoiceSchema, factChoicesSchema } from './fact-choice-schema.js';
import { severities, type Severity } from './rule-definition.js';

const factListSchema = factChoicesSchema;

const groupBySchema = factListSchema.meta({
  description:
    'Facts whose values make a group; each group is counted on its own. An entry may be fallbacks { firstOf: [...] }. An event with none of the values is skipped (and counted).',
});
const windowSchema = durationSchema.meta({ description: 'Sliding window, in event time.' });
const thresholdSchema = z
  .number()
  .int()
  .min(1)
  .meta({ description: 'Fires when the count reaches this number (at least 1).' });

const countAggregateSchema = z
  .strictObject({
    kind: z.literal('count'),
    groupBy: groupBySchema.optional(),
    window: windowSchema,
    threshold: thresholdSchema,
  })
  .meta({ title: 'count aggregate', description: 'At least `threshold` matching events per group within `window`.' });

const distinctAggregateSchema = z
  .strictObject({
    kind: z.literal('distinct'),
    groupBy: groupBySchema.optional(),
    window: windowSchema,
    threshold: thresholdSchema,
    field: factChoiceSchema.meta({
      description:
        'The fact whose distinct values are counted, or fallbacks { firstOf: [...] }. An event without a value is skipped (and counted).',
    }),
  })
  .meta({
    title: 'distinct aggregate',
    description: 'At least `threshold` distinct values of `field` per group within `window`.',
  });

const firstSeenAggregateSchema = z
  .strictObject({
    kind: z.literal('first-seen'),
    groupBy: groupBySchema,
    learning: durationSchema.meta({
      description: 'Learning period: values seen during it form the baseline and do not fire.',
    }),
  })
  .meta({ title: 'first-seen aggregate', description: 'A groupBy value not seen before (after the learning period).' });

const absenceAggregateSchema = z
  .strictObject({ kind: z.literal('absence'), groupBy: groupBySchema.optional(), window: windowSchema })
  .meta({
    title: 'absence aggregate',
    description: 'No matching event for `window`: fires once, resolves when events return.',
  });

const aggregateSchema = z
  .discriminatedUnion('kind', [
    countAggregateSchema,
    distinctAggregateSchema,
    firstSeenAggregateSchema,
    absenceAggregateSchema,
  ])
  .meta({ description: 'Makes the rule stateful: it fires on a pattern of matching events instead of each one.' });

const throttleSchema = z
  .strictObject({
    key: factListSchema.optional().meta({
      description:
        'Facts that make a throttle key; one alert per key per period. An entry may be fallbacks { firstOf: [...] }. An event with none of the values is not throttled (and counted).',
    }),
    for: durationSchema.meta({ description: 'How long later matches of the same key are suppressed (and counted).' }),
  })
  .meta({ title: 'throttle' });

/** The on-disk form of one rule (`*.rule.yaml` or `*.rule.json`); the single source of its JSON schema. */
export const ruleFileSchema = z
  .strictObject({
    $schema: z
      .string()
      .optional()
      .meta({ description: 'Path of rule.schema.json, so editors validate JSON rule files.' }),
    id: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/, {
        error: (issue) =>
          `id must be dotted lowercase words like b2c.keys.policy-key-deleted, got '${String(issue.input)}'`,
      })
      .meta({ description: 'Stable, unique id: dotted lowercase words like b2c.keys.policy-key-deleted.' }),
    title: z.string().min(1).meta({ description: 'One line, shown as the alert title.' }),
    description: z.string().min(1).meta({ description: 'What happened and why it matters.' }),
    severity: z
      .enum(severities as [Severity, ...Severity[]])
      .meta({ description: 'info | low | medium | high | critical' }),
    enabled: z.boolean().default(true),
    tags: z.array(z.string()).default([]),
    references: z.array(z.string()).default([]),
    runbook: z.string().min(1).optional().meta({ description: 'A runbook URL or the steps to take.' }),
    match: topLevelConditionSchema.meta({ description: 'json-rules-engine conditions over the audit event facts.' }),
    aggregate: aggregateSchema.optional(),
    throttle: throttleSchema.optional(),
    maxGroups: z.number().int().min(1).max(1_000_000).optional().meta({
      description:
        "Groups (group-by values, first-seen values, throttle keys) this rule keeps at most; beyond it the least recently active are evicted and a self-alert says so. Default: the worker's MAX_GROUPS_PER_RULE (10000).",
    }),
    notify: z
      .array(z.string().min(1))
      .min(1, { error: "notify must name at least one route; leave it out for the default ['security']" })
      .default(['security'])
      .meta({ description: 'Route names from rules/routes.yaml.' }),
    fields: z.array(factNameSchema).default([]).meta({ description: 'Facts shown in the alert message, in order.' }),
  })
  .meta({ title: 'rule', description: 'One b2c-audit-alerts rule.' });

export type RuleFile = z.output<typeof ruleFileSchema>;
