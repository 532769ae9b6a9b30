import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { generateTraffic, incidents, intruderAdmin, Prng } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { tempDirWith } from '../helpers/write-files.js';

const minute = 60_000;
const hour = 60 * minute;
const t0 = Date.parse('2026-03-02T00:00:00Z');
const shipped = fileURLToPath(new URL('../../../../rules/', import.meta.url));

/** The shipped sequence rules with what they use, and a negative one: a key deleted and no key created by its actor. */
async function ruleFiles(): Promise<Record<string, string>> {
  const copy = async (path: string) => [`rules/${path}`, await readFile(`${shipped}${path}`, 'utf8')] as const;
  const files = Object.fromEntries(
    await Promise.all(
      [
        'data-plane/password-spray-then-token.rule.yaml',
        'keys/policy-key-deleted-then-policy-uploaded.rule.yaml',
        'conditions/local-credential-failure.yaml',
        'conditions/succeeded.yaml',
        'lists/excluded-client-ips.yaml',
      ].map(copy),
    ),
  );
  files['rules/keys/deleted-not-replaced.rule.yaml'] = [
    'id: t.keys.deleted-not-replaced',
    'title: Policy key deleted and not replaced',
    'description: A keyset deleted and no keyset created by the same actor within 30 minutes.',
    'severity: high',
    'match: { all: [{ fact: activity, operator: in, value: [Delete policy key, Create policy key] }] }',
    'aggregate:',
    '  kind: sequence',
    '  groupBy: [actor.name]',
    '  window: 30m',
    '  steps: [{ name: deleted, match: { all: [{ fact: activity, operator: equal, value: Delete policy key }] } }]',
    '  absent: { match: { all: [{ fact: activity, operator: equal, value: Create policy key }] } }',
    '',
  ].join('\n');
  return files;
}

const sprayAt = t0 + 2 * hour;
/** The attacker signs in from the spraying IP 25 minutes after the spray began. */
const signIn = incidents.signedInFrom(sprayAt + 25 * minute);
/** The first record of that sign-in that the token step counts: the authorization code. */
const code = signIn.find((a) => a.activityDisplayName === 'Issue an authorization code to the application')!;

/** Six hours of traffic with a spray answered by a sign-in from the spraying IP, and a key deleted then a policy uploaded. */
function events(): DirectoryAudit[] {
  const traffic = [...generateTraffic({ seed: 5, start: t0, end: t0 + 6 * hour, eventsPerHour: 1500 })];
  const actorUpn = intruderAdmin().upn;
  const planted = [
    ...incidents.passwordSpray(sprayAt, { users: 20 }),
    ...signIn,
    ...incidents.policyKeyDeleted(t0 + 3 * hour, { actorUpn }),
    ...incidents.customPolicyBurst(t0 + 3 * hour + 10 * minute, { count: 1, actorUpn }),
  ];
  return [...traffic, ...planted].sort((a, b) => Date.parse(a.activityDateTime) - Date.parse(b.activityDateTime));
}

/** The events, each moved by up to `spreadMs` of event time: a deterministic shuffle within that much. */
function shuffledWithin(items: DirectoryAudit[], spreadMs: number): DirectoryAudit[] {
  const prng = new Prng(11);
  return items
    .map((audit) => ({ audit, key: Date.parse(audit.activityDateTime) + prng.next() * spreadMs }))
    .sort((a, b) => a.key - b.key)
    .map(({ audit }) => audit);
}

const jsonl = (items: DirectoryAudit[]) => items.map((a) => `${JSON.stringify(a)}\n`).join('');

describe('b2c-alerts replay of sequence rules', () => {
  let dir: string;

  beforeAll(async () => {
    const audits = events();
    dir = await tempDirWith(
      {
        ...(await ruleFiles()),
        'in-order.jsonl': jsonl(audits),
        'shuffled.jsonl': jsonl(shuffledWithin(audits, 20 * minute)),
        'newest-first.jsonl': jsonl([...audits].reverse()),
      },
      'cli-replay-sequence-',
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const replay = (file: string) =>
    runCliCapture(['replay', `${dir}/${file}`, '--format', 'jsonl', '--rules', `${dir}/rules`]);

  it('raises each sequence once, the negative one on a replay tick, whatever the input order', async () => {
    const inOrder = await replay('in-order.jsonl');
    const shuffled = await replay('shuffled.jsonl');
    const newestFirst = await replay('newest-first.jsonl');
    for (const run of [inOrder, shuffled, newestFirst]) expect(run.code, run.stderr).toBe(0);
    const alerts = inOrder.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(alerts.map((a) => `${a['ruleId'] as string} ${a['status'] as string}`)).toEqual([
      'b2c.data-plane.password-spray-then-token firing',
      'b2c.keys.policy-key-deleted-then-policy-uploaded firing',
      't.keys.deleted-not-replaced firing',
    ]);
    expect(alerts[0]).toMatchObject({
      severity: 'critical',
      groupValues: { ip: '198.51.100.77' },
      lastTime: code.activityDateTime.replace(/(\.\d{3})\d*Z$/, '$1Z'),
      steps: [
        { name: 'spray', count: 10 },
        { name: 'token', eventIds: [code.id] },
      ],
    });
    expect(alerts[1]).toMatchObject({ groupValues: { 'actor.name': intruderAdmin().upn }, count: 2 });
    // Fired by the first minute tick at or after the window's close: 30 minutes after the deletion.
    const deleted = Date.parse(alerts[2]!['firstTime'] as string);
    expect(Date.parse(alerts[2]!['lastTime'] as string)).toBe(deleted + 30 * minute);
    expect(deleted).toBeGreaterThanOrEqual(t0 + 3 * hour);
    expect(shuffled.stdout).toBe(inOrder.stdout);
    expect(newestFirst.stdout).toBe(inOrder.stdout);
  });

  it('shows the steps of a sequence on the line for people', async () => {
    const run = await runCliCapture(['replay', `${dir}/in-order.jsonl`, '--rules', `${dir}/rules`]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^\S+ CRITICAL b2c\.data-plane\.password-spray-then-token firing count=11 steps=spray\(10\),token\(1\) ip="198\.51\.100\.77" /m,
    );
  });
});
