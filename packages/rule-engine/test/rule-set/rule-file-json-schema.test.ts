import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { knownFacts } from '../../src/conditions/facts.js';
import { ruleFileJsonSchema } from '../../src/rule-set/rule-file-json-schema.js';

const schemaFile = fileURLToPath(new URL('../../../../rules/rule.schema.json', import.meta.url));

describe('ruleFileJsonSchema', () => {
  it('is generated from the loader schema: required fields, closed objects, facts and durations', () => {
    const schema = ruleFileJsonSchema as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, unknown>;
      definitions: Record<string, { anyOf?: Array<{ enum?: string[]; pattern?: string }>; pattern?: string }>;
    };
    expect(schema.required).toEqual(['id', 'title', 'description', 'severity', 'match']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toContain('aggregate');
    expect(schema.definitions['Fact']!.anyOf![0]!.enum).toEqual([...knownFacts]);
    const duration = new RegExp(schema.definitions['Duration']!.pattern!);
    expect(['90m', '1h30m', '1.5h'].map((t) => duration.test(t))).toEqual([true, true, true]);
    expect(['10x', '60'].map((t) => duration.test(t))).toEqual([false, false]);
  });

  it.skipIf(!existsSync(schemaFile))(
    'matches rules/rule.schema.json (regenerate it with `pnpm rules:schema` when the schema changes)',
    () => {
      expect(readFileSync(schemaFile, 'utf8'), 'rules/rule.schema.json is stale: run `pnpm rules:schema`').toBe(
        `${JSON.stringify(ruleFileJsonSchema, null, 2)}\n`,
      );
    },
  );
});
