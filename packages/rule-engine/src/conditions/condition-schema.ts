import { z } from 'zod';
import type { Condition, TopLevelCondition } from '../rule-set/rule-definition.js';
import { factNameSchema } from './fact-name-schema.js';
import { isFactPath } from './fact-path.js';
import { baseOperatorNames, operatorProblem } from '../operators/operator-syntax.js';
import { decoratorNames } from '../operators/operators.js';
import { operatorValueProblem } from '../operators/operator-value-problem.js';

// Conditions in json-rules-engine's format. Structure is checked here; names that depend on the whole
// rule set (lists, shared conditions) are checked by the loader.

const operatorSchema = z
  .string()
  .check((ctx) => {
    const problem = operatorProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value, continue: true });
  })
  .meta({
    id: 'Operator',
    description:
      'A json-rules-engine operator, optionally after decorators: equal, in, inList, regex, cidr, changed, someFact:not:equal, ...',
    anyOf: [
      { enum: [...baseOperatorNames] },
      { pattern: `^(?:(?:${decoratorNames.join('|')}):)+(?:${baseOperatorNames.join('|')})$` },
    ],
  });

const jsonPathSchema = z
  .string()
  .check((ctx) => {
    if (!isFactPath(ctx.value)) {
      ctx.issues.push({
        code: 'custom',
        message: `unsupported path '${ctx.value}': use '$' followed by .name and [index] steps, like $.modified[0].name`,
        input: ctx.value,
        continue: true,
      });
    }
  })
  .meta({
    description:
      "JSONPath-lite applied to the fact's value: $ followed by .name and [index] steps, like $.modified[0].name.",
    pattern: '^\\$(?:\\.[A-Za-z0-9_][A-Za-z0-9_-]*|\\[[0-9]+\\])*$',
  });

const nameSchema = z.string().min(1).optional().meta({ description: 'A name for this condition, shown by explain.' });
const prioritySchema = z
  .number()
  .int()
  .min(1)
  .optional()
  .meta({ description: 'json-rules-engine evaluation priority (higher first).' });

const factReferenceSchema = z
  .strictObject({
    fact: factNameSchema,
    path: jsonPathSchema.optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'FactReference', title: 'fact reference', description: 'Compare with another fact of the same event.' });

const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const valueSchema = z
  .union([scalarSchema, z.array(z.union([scalarSchema, z.array(scalarSchema)])), factReferenceSchema], {
    error: 'value must be a string, number, true/false, null, a list of those, or a fact reference { fact, path? }',
  })
  .meta({ description: 'What the fact is compared with; for inList/notInList the name of a list in rules/lists.' });

const leafConditionSchema = z
  .strictObject({
    fact: factNameSchema,
    operator: operatorSchema,
    value: valueSchema,
    path: jsonPathSchema.optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    name: nameSchema,
    priority: prioritySchema,
  })
  .check((ctx) => {
    const problem = operatorValueProblem(ctx.value.operator, ctx.value.value);
    if (problem)
      ctx.issues.push({
        code: 'custom',
        message: problem.message,
        input: ctx.value.value,
        path: [problem.field ?? 'value', ...problem.path],
      });
  })
  .meta({ id: 'LeafCondition', title: 'leaf condition', description: 'Compares one fact of the event with a value.' });

const emptyGroup = (kind: string) => ({ error: `empty '${kind}': list at least one condition under it` });

const allConditionSchema = z
  .strictObject({
    all: z.array(z.lazy(() => conditionSchema)).min(1, emptyGroup('all')),
    name: nameSchema,
    priority: prioritySchema,
  })
  .meta({ id: 'AllCondition', title: "'all' condition", description: 'Holds when every condition in the list holds.' });

const anyConditionSchema = z
  .strictObject({
    any: z.array(z.lazy(() => conditionSchema)).min(1, emptyGroup('any')),
    name: nameSchema,
    priority: prioritySchema,
  })
  .meta({
    id: 'AnyCondition',
    title: "'any' condition",
    description: 'Holds when at least one condition in the list holds.',
  });

const notConditionSchema = z
  .strictObject({ not: z.lazy(() => conditionSchema), name: nameSchema, priority: prioritySchema })
  .meta({ id: 'NotCondition', title: "'not' condition", description: 'Holds when the condition under it does not.' });

const conditionReferenceSchema = z
  .strictObject({ condition: z.string().min(1), name: nameSchema, priority: prioritySchema })
  .meta({
    id: 'ConditionReference',
    title: 'condition reference',
    description: 'A shared condition from rules/conditions/<name>.yaml.',
  });

/** Any condition: all / any / not / a shared-condition reference / a leaf. */
export const conditionSchema: z.ZodType<Condition> = z
  .union([allConditionSchema, anyConditionSchema, notConditionSchema, conditionReferenceSchema, leafConditionSchema], {
    error: 'a condition has one of: all, any, not, condition (a shared condition) or fact (with operator and value)',
  })
  .meta({ id: 'Condition' });

/** What `match` and a shared condition hold: json-rules-engine allows only all / any / not / condition at the top. */
export const topLevelConditionSchema: z.ZodType<TopLevelCondition> = z
  .union([allConditionSchema, anyConditionSchema, notConditionSchema, conditionReferenceSchema], {
    error: 'a top-level condition has one of: all, any, not or condition; put a single fact test inside all: [...]',
  })
  .meta({ id: 'TopLevelCondition' });
