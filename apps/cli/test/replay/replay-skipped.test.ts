import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { incidents } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { testDirWith } from '../helpers/write-files.js';

const t0 = Date.parse('2026-03-02T00:00:00Z');
const minute = 60_000;

const rule = (id: string, extra: string) =>
  `id: ${id}
title: ${id} fired
severity: high
description: replay test rule.
match: { all: [{ fact: activity, operator: equal, value: Get policy keys }] }
${extra}`;

/** 'Get policy keys' by one admin, four times: admin records carry no details.PolicyId. */
function reads(): DirectoryAudit[] {
  return [0, 1, 2, 3].map((i) => incidents.policyKeyDeleted(t0 + i * minute, { actorUpn: 'mallory@evil.example' })[0]!);
}

describe('b2c-alerts replay: skipped events', () => {
  it('shows per rule the matches it skipped, in a column and a line naming the reason and the facts they lacked', async () => {
    const dir = await testDirWith(
      {
        // Grouped by a fact admin records lack: every match skipped, nothing can fire.
        'rules/by-policy.rule.yaml': rule(
          't.keys.by-policy',
          'aggregate: { kind: count, groupBy: details.PolicyId, window: 1h, threshold: 3 }\n',
        ),
        // The same with a fallback: grouped by the actor, fires.
        'rules/by-policy-or-actor.rule.yaml': rule(
          't.keys.by-policy-or-actor',
          'aggregate: { kind: count, groupBy: { firstOf: [details.PolicyId, actor.upn] }, window: 1h, threshold: 3 }\n',
        ),
        // Throttled by a fact the records lack: each alerts, unthrottled.
        'rules/throttled.rule.yaml': rule('t.keys.throttled', 'throttle: { key: [details.PolicyId], for: 1h }\n'),
        'events.jsonl': reads()
          .map((e) => `${JSON.stringify(e)}\n`)
          .join(''),
      },
      'cli-replay-skipped-',
    );
    const run = await runCliCapture(['replay', `${dir}/events.jsonl`, '--rules', `${dir}/rules`, '--format', 'jsonl']);
    expect(run.code, run.stderr).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { ruleId: string }).ruleId)
        .sort(),
    ).toEqual([
      't.keys.by-policy-or-actor',
      't.keys.throttled',
      't.keys.throttled',
      't.keys.throttled',
      't.keys.throttled',
    ]);
    expect(run.stderr).toMatch(/^rule\s+matches\s+skipped\s+alerts$/m);
    expect(run.stderr).toMatch(/^t\.keys\.by-policy\s+4\s+4\s+0$/m);
    expect(run.stderr).toMatch(/^t\.keys\.by-policy-or-actor\s+4\s+0\s+1$/m);
    expect(run.stderr).toMatch(/^t\.keys\.throttled\s+4\s+4\s+4$/m);
    expect(run.stderr).toMatch(/^total\s+12\s+8\s+5$/m);
    expect(run.stderr).toContain(
      'replay: t.keys.by-policy matched events it could not use as written: 4 skipped for no groupBy value (none of details.PolicyId); ' +
        'give the rule fallbacks ({ firstOf: [...] }) if those events matter\n',
    );
    expect(run.stderr).toContain(
      'replay: t.keys.throttled matched events it could not use as written: 4 alerted unthrottled for no throttle.key value (none of details.PolicyId); ',
    );
    expect(run.stderr).not.toContain('t.keys.by-policy-or-actor matched events it could not use');
  });
});
