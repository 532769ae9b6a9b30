import { afterEach, describe, expect, it } from 'vitest';
import { runRuleTests } from '../../src/rule-tests/run-rule-tests.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

// The negative form in a rules-test: a key deleted and no key created in its place within 30 minutes.
const rule = `id: b2c.keys.deleted-not-replaced
title: Policy key deleted and not replaced
description: A keyset deleted and no keyset created by the same actor within 30 minutes.
severity: high
match: { all: [{ fact: activity, operator: in, value: [Delete policy key, Create policy key] }] }
aggregate:
  kind: sequence
  groupBy: [actor.name]
  window: 30m
  steps:
    - name: deleted
      match: { all: [{ fact: activity, operator: equal, value: Delete policy key }] }
  absent:
    match: { all: [{ fact: activity, operator: equal, value: Create policy key }] }
`;

const tests = (expectFiring: string) => `cases:
  - name: fires when the window closes with no new keyset by the same actor
    events:
      - { activity: Delete policy key, actor: { upn: mallory@contoso.test } }
      - { activity: Delete policy key, actor: { upn: alex@contoso.test }, at: +1m }
      - { activity: Create policy key, actor: { upn: alex@contoso.test }, at: +10m }
      - { activity: Create policy key, actor: { upn: mallory@contoso.test }, time: 2026-01-05T10:40:00Z }
    ticks: [2026-01-05T10:45:00Z]
    expect:
      - { status: firing, groupValues: { actor.name: mallory@contoso.test }, firstTime: 2026-01-05T10:00:00Z, lastTime: ${expectFiring}, steps: [{ name: deleted, eventIds: [test-0-0] }] }
  - name: does not fire when the new keyset comes within the window
    events:
      - { activity: Delete policy key, actor: { upn: mallory@contoso.test } }
      - { activity: Create policy key, actor: { upn: mallory@contoso.test }, at: +20m }
    ticks: [2026-01-05T10:19:00Z, 2026-01-05T10:31:00Z]
    expect: []
  - name: a late record resolves what the tick fired
    events:
      - { activity: Delete policy key, actor: { upn: mallory@contoso.test } }
      - { activity: Delete policy key, actor: { upn: eve@contoso.test }, at: +40m }
      - { activity: Create policy key, actor: { upn: mallory@contoso.test }, time: 2026-01-05T10:25:00Z }
    ticks: [2026-01-05T10:35:00Z]
    expect:
      - { status: firing, groupValues: { actor.name: mallory@contoso.test }, lastTime: 2026-01-05T10:30:00Z }
      - { status: resolved, groupValues: { actor.name: mallory@contoso.test }, firstTime: 2026-01-05T10:00:00Z, eventIds: [test-2-2] }
`;

async function run(expectFiring: string) {
  const { dir, remove } = await makeRuleDir({
    'keys/deleted-not-replaced.rule.yaml': rule,
    'keys/deleted-not-replaced.tests.yaml': tests(expectFiring),
  });
  cleanups.push(remove);
  return runRuleTests(dir);
}

describe('rules test with a sequence rule', () => {
  it('runs timed cases of the negative form: ticks between events, late records, resolves', async () => {
    const report = await run('2026-01-05T10:30:00Z');
    expect(report.problems).toEqual([]);
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    expect(report.passed).toBe(3);
  });

  it('fails a case whose expected alert differs, with the difference', async () => {
    const report = await run('2026-01-05T10:31:00Z');
    const failed = report.results.filter((r) => !r.passed);
    expect(failed.map((r) => r.case)).toEqual(['fires when the window closes with no new keyset by the same actor']);
    expect(failed[0]?.diff).toContain('lastTime');
  });
});
