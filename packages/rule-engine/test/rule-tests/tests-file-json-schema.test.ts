import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testsFileJsonSchema } from '../../src/index.js';

const schemaFile = fileURLToPath(new URL('../../../../rules/tests.schema.json', import.meta.url));

describe('testsFileJsonSchema', () => {
  it('is generated from the runner schema: required fields, closed objects, offsets and durations', () => {
    const schema = testsFileJsonSchema as {
      required: string[];
      additionalProperties: boolean;
      properties: {
        cases: {
          items: {
            required: string[];
            properties: Record<string, { items?: { additionalProperties?: boolean; properties?: object } }>;
          };
        };
      };
      definitions: Record<string, { pattern?: string }>;
    };
    expect(schema.required).toEqual(['cases']);
    expect(schema.additionalProperties).toBe(false);
    const testCase = schema.properties.cases.items;
    expect(testCase.required).toEqual(['name', 'expect']);
    expect(testCase.properties['events']!.items!.additionalProperties).toBe(false);
    expect(Object.keys(testCase.properties['events']!.items!.properties!)).toEqual(
      expect.arrayContaining(['at', 'repeat', 'every', 'vary', 'raw', 'activity', 'actor']),
    );
    expect(Object.keys(testCase.properties['expect']!.items!.properties!)).toEqual(
      expect.arrayContaining(['count', 'status', 'groupValues', 'eventIds']),
    );
    const offset = new RegExp(schema.definitions['Offset']!.pattern!);
    expect(['+30s', '-5m', '+0s', '1h30m', '+1.5h', '-90m'].map((t) => offset.test(t))).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['30', '+30', '30m1h', 'soon'].map((t) => offset.test(t))).toEqual([false, false, false, false]);
  });

  it('matches rules/tests.schema.json (regenerate it with `pnpm rules:schema` when the schema changes)', () => {
    expect(existsSync(schemaFile)).toBe(true);
    expect(readFileSync(schemaFile, 'utf8'), 'rules/tests.schema.json is stale: run `pnpm rules:schema`').toBe(
      `${JSON.stringify(testsFileJsonSchema, null, 2)}\n`,
    );
  });
});
