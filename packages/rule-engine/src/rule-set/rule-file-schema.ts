import { z } from 'zod';
import { topLevelConditionSchema } from '../conditions/condition-schema.js';
import { durationSchema } from '../parsing/duration-schema.js';
import { factNameSchema } from '../conditions/fact-name-schema.js';
import { factChoiceSchema, factChoicesSchema } from './fact-choice-schema.js';
import { parseDuration } from '../parsing/parse-duration.js';
import { maxSequenceSteps } from '../state/state-store.js';
import { parseIssue } from '../parsing/duration-text-schema.js';
import { percentSchema } from '../parsing/percent-schema.js';
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

const sequenceStepSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
        error: (issue) =>
          `a step name is lowercase words joined by '-', like spray or token-issued, got '${String(issue.input)}'`,
      })
      .meta({ description: 'Names the step in alerts: lowercase words joined by -, like spray or token-issued.' }),
    match: topLevelConditionSchema.meta({
      description: "Conditions an event must also meet to count for this step (besides the rule's match).",
    }),
    threshold: z.number().int().min(1).default(1).meta({
      description: 'Events the step needs (distinct values with `distinct`), within the step window. Default 1.',
    }),
    distinct: factNameSchema.optional().meta({
      description: 'Count distinct values of this fact instead of events; events without it do not count.',
    }),
    window: durationSchema.optional().meta({
      description: "The step's events lie within this; at most the sequence window, which is the default.",
    }),
  })
  .meta({ title: 'sequence step', description: 'One step: the events that make it, and how many.' });

const sequenceAggregateSchema = z
  .strictObject({
    kind: z.literal('sequence'),
    groupBy: groupBySchema.optional(),
    window: durationSchema.meta({
      description: 'In event time, from the first event of the first step to the last event of the last step.',
    }),
    steps: z
      .array(sequenceStepSchema)
      .min(1, { error: 'a sequence needs steps: list them in the order they must happen' })
      .max(maxSequenceSteps, { error: `a sequence has at most ${maxSequenceSteps} steps` }),
    absent: z
      .strictObject({
        match: topLevelConditionSchema.meta({
          description: "The event that must not follow (besides the rule's match).",
        }),
        window: durationSchema.optional().meta({
          description: 'How long after the last step no such event may come; default the sequence window.',
        }),
      })
      .optional()
      .meta({
        title: 'sequence absent',
        description: 'Fires when the steps complete and no such event follows within the window.',
      }),
  })
  .superRefine((aggregate, ctx) => {
    if (aggregate.steps.length < 2 && aggregate.absent === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['steps'],
        message:
          'a sequence needs at least two steps, or one step and absent; for one step alone use kind count or distinct',
      });
    const seen = new Set<string>();
    aggregate.steps.forEach((step, i) => {
      if (seen.has(step.name))
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'name'],
          message: `step name '${step.name}' is used twice; give each step its own name`,
        });
      seen.add(step.name);
      if (step.window !== undefined && longer(step.window, aggregate.window))
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'window'],
          message: `the step window ${step.window} is longer than the sequence window ${aggregate.window}; shorten it or leave it out`,
        });
    });
  })
  .meta({
    title: 'sequence aggregate',
    description:
      'Ordered steps on the same group within `window` (A then B, optionally then C); with `absent`, the steps and then no such event.',
  });

/** True when both durations read and `a` is longer than `b` (unreadable ones are reported on their own). */
function longer(a: string, b: string): boolean {
  try {
    return parseDuration(a) > parseDuration(b);
  } catch {
    return false;
  }
}

const minCountSchema = z.number().int().min(0).default(0);

const spikeAggregateSchema = z
  .strictObject({
    kind: z.literal('spike'),
    groupBy: groupBySchema.optional(),
    window: durationSchema.meta({
      description:
        'Length of the current and of the previous window, in whole minutes (1h: this hour against the hour before); windows slide in steps of window/12.',
    }),
    direction: z
      .enum(['up', 'down', 'both'])
      .meta({ description: 'up: a rise (needs ratio); down: a drop (needs drop); both: either (needs both).' }),
    ratio: z
      .number()
      .gt(1, { error: 'ratio must be more than 1: how many times the previous count the current one reaches, e.g. 5' })
      .optional()
      .meta({
        description: 'up: fires when the current count is at least ratio × the previous count (5: five times).',
      }),
    drop: percentSchema
      .optional()
      .meta({ description: 'down: fires when the current count is at least this much below the previous count.' }),
    minCurrent: minCountSchema.meta({ description: 'Events the current window needs at least (default 0).' }),
    minPrevious: minCountSchema.meta({ description: 'Events the previous window needs at least (default 0).' }),
  })
  .superRefine((spike, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const up = spike.direction !== 'down';
    const down = spike.direction !== 'up';
    if (up && spike.ratio === undefined)
      issue('ratio', `direction: ${spike.direction} needs ratio: how many times the previous count, e.g. ratio: 5`);
    if (down && spike.drop === undefined)
      issue('drop', `direction: ${spike.direction} needs drop: how far below the previous count, e.g. drop: 60%`);
    if (!up && spike.ratio !== undefined)
      issue('ratio', 'ratio is for a rise: remove it, or set direction: both to watch rises and drops');
    if (!down && spike.drop !== undefined)
      issue('drop', 'drop is for a fall: remove it, or set direction: both to watch rises and drops');
    if (parseIssue(parseDuration, spike.window) === undefined) {
      const ms = parseDuration(spike.window);
      if (ms < 60_000 || ms % 60_000 !== 0)
        issue(
          'window',
          `a spike window is whole minutes, at least 1m (it slides in twelfths of it), got '${spike.window}'`,
        );
    }
  })
  .meta({
    title: 'spike aggregate',
    description:
      "The current window's count per group against the previous window's: a rise of `ratio` times, or a fall of `drop`.",
  });

const aggregateSchema = z
  .discriminatedUnion('kind', [
    countAggregateSchema,
    distinctAggregateSchema,
    firstSeenAggregateSchema,
    absenceAggregateSchema,
    spikeAggregateSchema,
    sequenceAggregateSchema,
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
