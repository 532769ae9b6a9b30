import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { knownAdmins } from '@b2c-alerts/testkit';

export const keyDeletedRule = `id: test.keys.policy-key-deleted
title: Policy key deleted
description: A policy key was deleted by someone outside the key admins.
severity: critical
match:
  all:
    - { fact: activity, operator: equal, value: Delete policy key }
    - { fact: actor.upn, operator: notInList, value: key-admins }
throttle: { key: [actor.name, target.id], for: 1h }
notify: [security]
fields: [actor.name, target.id]
`;

export const burstRule = `id: test.policies.custom-policy-burst
title: Burst of custom policy changes
description: One actor outside the key admins changed custom policies at least 5 times in 10 minutes.
severity: high
match:
  all:
    - { fact: activity, operator: in, value: [Create custom policy, Update custom policy, Delete custom policy] }
    - { fact: actor.upn, operator: notInList, value: key-admins }
aggregate: { kind: count, groupBy: [actor.name], window: 10m, threshold: 5 }
throttle: { key: [actor.name], for: 1h }
notify: [security]
fields: [actor.name, target.id]
`;

/** A rule file the rule set refuses (an unknown severity, an unknown list): written into a rules dir, it makes the reload fail. */
export const brokenRule = `id: test.broken
title: Broken
description: Has an unknown severity and an unknown list.
severity: catastrophic
match:
  all:
    - { fact: actor.upn, operator: notInList, value: no-such-list }
`;

export const routesYaml = `routes:
  security:
    slack: { channel: '\${ALERT_SLACK_CHANNEL}' }
`;

/** The `security` route to Slack and email with no grouping delay: each alert goes out as it arrives. */
export const immediateRoutesYaml = `routes:
  security:
    slack: { channel: '\${ALERT_SLACK_CHANNEL}' }
    email: { to: '\${ALERT_EMAIL_TO}' }
    group_wait: 0s
    group_interval: 0s
`;

/** A small valid rule set in a fresh temp dir (not a git checkout, so its version is a content hash). */
export async function writeRulesDir(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'worker-rules-'));
  const files: Record<string, string> = {
    'routes.yaml': routesYaml,
    'silences.yaml': 'silences: []\n',
    'lists/key-admins.yaml': `values:\n${knownAdmins()
      .map((a) => `  - ${a.upn}\n`)
      .join('')}`,
    'keys/policy-key-deleted.rule.yaml': keyDeletedRule,
    'policies/custom-policy-burst.rule.yaml': burstRule,
    ...extra,
  };
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}
