import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { generateTraffic, Prng } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { tempDirWith } from '../helpers/write-files.js';

// The shipped spike rules through `replay` over generated traffic with a partial sign-in outage and
// SMS pumping on a quiet policy: spike rules judge their windows on replay's minute ticks.
const rulesDir = fileURLToPath(new URL('../../../../rules/', import.meta.url));
const shipped = [
  'data-plane/sign-in-volume-partial-drop.rule.yaml',
  'data-plane/phone-verification-spike-by-policy.rule.yaml',
  'conditions/succeeded.yaml',
  'lists/excluded-client-ips.yaml',
];
const hour = 3_600_000;
const minute = 60_000;
const t0 = Date.parse('2026-03-02T00:00:00Z');
const outage = { from: t0 + 4 * hour, to: t0 + 6 * hour };
const pumpAt = t0 + 6.5 * hour;
const quietPolicy = 'B2C_1_susi_mfa';

const detail = (audit: DirectoryAudit, key: string) => audit.additionalDetails?.find((d) => d.key === key)?.value;
const isSignIn = (a: DirectoryAudit) =>
  ['Issue an id_token to the application', 'Issue an authorization code to the application'].includes(
    a.activityDisplayName ?? '',
  ) && a.result === 'success';

/** Eight hours of traffic; from 4 h to 6 h three sign-ins in four fail to complete; a pump at 6.5 h. */
function events(): DirectoryAudit[] {
  const prng = new Prng(11);
  const traffic = [...generateTraffic({ seed: 3, start: t0, end: t0 + 8 * hour, eventsPerHour: 2000 })].filter((a) => {
    const time = Date.parse(a.activityDateTime);
    return !(isSignIn(a) && time >= outage.from && time < outage.to && prng.chance(0.75));
  });
  const template = traffic.find(
    (a) => a.activityDisplayName === 'Send SMS to verify phone number' && detail(a, 'PolicyId') === quietPolicy,
  );
  if (template === undefined) throw new Error(`the traffic holds no SMS of ${quietPolicy} to copy`);
  // 150 codes in 30 minutes to premium numbers from rotating addresses.
  const pump = Array.from({ length: 150 }, (_, i) => ({
    ...template,
    id: `pump-${i}`,
    correlationId: `pump-correlation-${i}`,
    activityDateTime: new Date(pumpAt + i * 12_000).toISOString(),
    additionalDetails: [
      ...(template.additionalDetails ?? []).filter((d) => !['ClientIpAddress', 'PhoneNumber'].includes(d.key ?? '')),
      { key: 'ClientIpAddress', value: `203.0.113.${i % 250}` },
      { key: 'PhoneNumber', value: `+882 XXXXXXX${String(i).padStart(3, '0')}` },
    ],
  }));
  return [...traffic, ...pump].sort((a, b) =>
    a.activityDateTime < b.activityDateTime ? -1 : a.activityDateTime > b.activityDateTime ? 1 : 0,
  );
}

describe('b2c-alerts replay with the spike rules', () => {
  let dir: string;
  beforeAll(async () => {
    const audits = events();
    const jsonl = (items: DirectoryAudit[]) => items.map((a) => `${JSON.stringify(a)}\n`).join('');
    const prng = new Prng(5);
    const shuffled = audits
      .map((audit) => ({ audit, key: Date.parse(audit.activityDateTime) + prng.next() * 20 * minute }))
      .sort((a, b) => a.key - b.key)
      .map(({ audit }) => audit);
    const files: Record<string, string> = {
      'events.jsonl': jsonl(audits),
      'shuffled.jsonl': jsonl(shuffled),
      'newest-first.jsonl': jsonl([...audits].reverse()),
    };
    for (const path of shipped) files[`rules/${path}`] = await readFile(`${rulesDir}${path}`, 'utf8');
    dir = await tempDirWith(files, 'cli-replay-spike-');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const replay = (input: string) =>
    runCliCapture(['replay', `${dir}/${input}`, '--format', 'jsonl', '--rules', `${dir}/rules`]);

  it('raises the partial outage when its hour closes and the pump when it crosses, whatever the input order', async () => {
    const inOrder = await replay('events.jsonl');
    expect(inOrder.code, inOrder.stderr).toBe(0);
    const alerts = inOrder.stdout
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            ruleId: string;
            count: number;
            firstTime: string;
            lastTime: string;
            groupValues: Record<string, string>;
            previous: { count: number; firstTime: string; lastTime: string };
            eventIds: string[];
          },
      );
    expect(alerts.map((a) => a.ruleId)).toEqual([
      'b2c.data-plane.sign-in-volume-partial-drop',
      'b2c.data-plane.phone-verification-spike-by-policy',
    ]);
    const [drop, pump] = alerts as [(typeof alerts)[0], (typeof alerts)[0]];
    // A quarter of the sign-ins is 40% of the hour before once 48 of the hour's 60 minutes are in the outage.
    const dropEnd = Date.parse(drop.lastTime);
    expect(dropEnd).toBeGreaterThanOrEqual(outage.from + 45 * minute);
    expect(dropEnd).toBeLessThanOrEqual(outage.from + 55 * minute);
    expect(dropEnd % (5 * minute)).toBe(0);
    expect(drop.previous.count).toBeGreaterThanOrEqual(200);
    expect(drop.count * 100).toBeLessThanOrEqual(drop.previous.count * 40);
    expect(drop.eventIds).toEqual([]);

    expect(pump.groupValues).toEqual({ 'details.PolicyId': quietPolicy });
    expect(pump.count).toBeGreaterThanOrEqual(50);
    expect(pump.count).toBeGreaterThanOrEqual(5 * pump.previous.count);
    expect(pump.eventIds[0]).toMatch(/^pump-\d+$/);
    expect(Date.parse(pump.lastTime) - pumpAt).toBeLessThan(15 * minute);

    const lines = await runCliCapture(['replay', `${dir}/events.jsonl`, '--rules', `${dir}/rules`]);
    expect(lines.stdout).toContain(
      `${drop.lastTime} HIGH     b2c.data-plane.sign-in-volume-partial-drop firing count=${drop.count} previous=${drop.previous.count} tenant=`,
    );

    for (const input of ['shuffled.jsonl', 'newest-first.jsonl']) {
      const run = await replay(input);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout, input).toBe(inOrder.stdout);
    }
  });
});
