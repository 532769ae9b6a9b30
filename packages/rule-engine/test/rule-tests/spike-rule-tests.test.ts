import { describe, expect, it } from 'vitest';
import { runRuleTests } from '../../src/index.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

const dropRule = `id: b2c.auth.sign-in-drop
title: Sign-ins dropped
severity: high
description: Sign-ins down 60% against the previous hour.
match: { all: [{ fact: activity, operator: equal, value: Issue an id_token to the application }] }
aggregate: { kind: spike, groupBy: [tenant], window: 1h, direction: down, drop: 60%, minPrevious: 200 }
`;
// Two hours at 5 a minute (10:00 to 11:59:48), then one a minute from 12:00.
const events = `      - { activity: Issue an id_token to the application, tenant: contoso, repeat: 600, every: 12s }
      - { activity: Issue an id_token to the application, tenant: contoso, at: +12s, repeat: 60, every: 1m }`;

async function run(tests: string) {
  const { dir, remove } = await makeRuleDir({
    'auth/sign-in-drop.rule.yaml': dropRule,
    'auth/sign-in-drop.tests.yaml': tests,
  });
  try {
    return await runRuleTests(dir);
  } finally {
    await remove();
  }
}

describe('rule tests of a spike rule', () => {
  it('tick every minute with tickEvery, and compare the previous window', async () => {
    const report = await run(`cases:
  - name: fires at the first window 60% below the one before
    tickEvery: 1m
    events:
${events}
    expect:
      - { count: 120, firstTime: 2026-01-05T11:45:00Z, lastTime: 2026-01-05T12:45:00Z, previous: { count: 300, firstTime: 2026-01-05T10:45:00Z, lastTime: 2026-01-05T11:45:00Z }, eventIds: [] }
  - name: without ticks no window is judged, so no drop is known
    events:
${events}
    expect: []
`);
    expect(report.problems).toEqual([]);
    expect(report.results.map((r) => [r.case, r.passed, r.diff])).toEqual([
      ['fires at the first window 60% below the one before', true, undefined],
      ['without ticks no window is judged, so no drop is known', true, undefined],
    ]);
  });

  it('shows a wrong previous count in the diff', async () => {
    const report = await run(`cases:
  - name: fires
    tickEvery: 1m
    events:
${events}
    expect:
      - { count: 120, previous: { count: 299 } }
  - name: quiet
    events: []
    expect: []
`);
    const failed = report.results.find((r) => !r.passed);
    expect(failed?.diff).toContain('previous.count: expected 299, got 300');
  });

  it('refuses a tickEvery that would tick more than 100,000 times, naming what to do', async () => {
    const report = await run(`cases:
  - name: too fine
    tickEvery: 1ms
    events:
${events}
    expect: []
  - name: fires
    tickEvery: 1m
    events:
${events}
    expect: [{ count: 120 }]
`);
    expect(report.results[0]).toMatchObject({ passed: false, diff: expect.stringContaining('use a longer tickEvery') });
  });
});
