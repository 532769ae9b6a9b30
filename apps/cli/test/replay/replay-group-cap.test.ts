import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { incidents } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { testDirWith } from '../helpers/write-files.js';

const t0 = Date.parse('2026-03-02T00:00:00Z');
const minute = 60_000;

const rule = (id: string, extra = '') =>
  `id: ${id}
title: ${id} fired
severity: high
description: replay test rule.
match: { all: [{ fact: activity, operator: equal, value: Get policy keys }] }
aggregate: { kind: count, groupBy: actor.upn, window: 1h, threshold: 3 }
${extra}`;

/** One 'Get policy keys' record by `upn` at `at`. */
const read = (upn: string, at: number): DirectoryAudit => incidents.policyKeyDeleted(at, { actorUpn: upn })[0]!;

/**
 * An actor reads the policy keys twice, five other actors once each (a flood of unique values), then
 * the actor a third time: its threshold of 3 is reached only if its group kept its count.
 */
function events(): DirectoryAudit[] {
  return [
    read('mallory@evil.example', t0),
    read('mallory@evil.example', t0 + minute),
    ...Array.from({ length: 5 }, (_, i) => read(`flood-${i}@evil.example`, t0 + (2 + i) * minute)),
    read('mallory@evil.example', t0 + 10 * minute),
  ];
}

async function setup(): Promise<{ rules: string; input: string }> {
  const dir = await testDirWith(
    {
      'rules/reads.rule.yaml': rule('t.keys.reads'),
      'rules/reads-capped.rule.yaml': rule('t.keys.reads-capped', 'maxGroups: 2\n'),
      'events.jsonl': events()
        .map((e) => `${JSON.stringify(e)}\n`)
        .join(''),
    },
    'cli-replay-cap-',
  );
  return { rules: `${dir}/rules`, input: `${dir}/events.jsonl` };
}

describe('b2c-alerts replay --max-groups', () => {
  it('evicts beyond the cap, reports the evictions per rule in the summary, and misses what the evicted groups held', async () => {
    const { rules, input } = await setup();
    const run = await runCliCapture(['replay', input, '--rules', rules, '--format', 'jsonl', '--max-groups', '3']);
    expect(run.code, run.stderr).toBe(0);
    // Mallory's group, five others, then mallory's again (evicted meanwhile, so new): 7 groups made, the cap of
    // 3 evicts 4, the rule's own cap of 2 evicts 5. Her third read starts a count of 1: no alert.
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'replay: 4 groups evicted: t.keys.reads reached its cap of 3 groups, so its alerts may miss some ' +
        '(raise maxGroups in its rule file, or --max-groups, if the traffic is legitimate; otherwise investigate the flood of unique values)\n',
    );
    expect(run.stderr).toMatch(/^replay: 5 groups evicted: t\.keys\.reads-capped reached its cap of 2 groups, /m);

    // Under the default cap (10,000) only the rule's own cap evicts, and the other rule alerts on mallory.
    const uncapped = await runCliCapture(['replay', input, '--rules', rules, '--format', 'jsonl']);
    expect(uncapped.code, uncapped.stderr).toBe(0);
    expect(uncapped.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(uncapped.stdout)).toMatchObject({
      ruleId: 't.keys.reads',
      count: 3,
      groupValues: { 'actor.upn': 'mallory@evil.example' },
    });
    expect(uncapped.stderr).not.toContain('t.keys.reads reached');
    expect(uncapped.stderr).toMatch(/^replay: 5 groups evicted: t\.keys\.reads-capped reached its cap of 2 groups, /m);
  });

  it('refuses a --max-groups that is not a whole number from 1 to 1,000,000, exit 2', async () => {
    const { rules, input } = await setup();
    for (const bad of ['0', '-3', '2.5', 'many', '1e3', '1000001']) {
      const run = await runCliCapture(['replay', input, '--rules', rules, '--max-groups', bad]);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toContain(`--max-groups "${bad}" is not a whole number from 1 to 1,000,000.`);
      expect(run.stdout).toBe('');
    }
  });
});
