import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { RuleDefinition } from '@b2c-alerts/rule-engine';
import { parse } from 'yaml';

/** Rule and tests files larger than this are not shown (a rule file is a few KB). */
const maxFileBytes = 256 * 1024;

/** The rule's file as written, and its test cases (name, expected alerts) from `<stem>.tests.yaml` beside it. */
export async function ruleFiles(
  rule: RuleDefinition,
  dir: string | undefined,
): Promise<{ yaml: string; tests: Array<{ name: string; expect: unknown }> }> {
  const file = isAbsolute(rule.source.file) || dir === undefined ? rule.source.file : join(dir, rule.source.file);
  const yaml = (await readBounded(file)) ?? '';
  const testsText = file.endsWith('.rule.yaml')
    ? await readBounded(file.replace(/\.rule\.yaml$/, '.tests.yaml'))
    : undefined;
  let tests: Array<{ name: string; expect: unknown }> = [];
  if (testsText !== undefined) {
    try {
      const cases = (parse(testsText) as { cases?: unknown } | null)?.cases;
      if (Array.isArray(cases)) {
        tests = cases.flatMap((c: unknown) =>
          c !== null && typeof c === 'object' && typeof (c as { name?: unknown }).name === 'string'
            ? [{ name: (c as { name: string }).name, expect: (c as { expect?: unknown }).expect ?? null }]
            : [],
        );
      }
    } catch {
      tests = [];
    }
  }
  return { yaml, tests };
}

async function readBounded(file: string): Promise<string | undefined> {
  try {
    if ((await stat(file)).size > maxFileBytes) return undefined;
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
