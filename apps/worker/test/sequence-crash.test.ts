import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatGroupKey, stateKeys } from '@b2c-alerts/rule-engine';
import { GraphEmulator, SlackEmulator, SmtpSink, generateTraffic, incidents } from '@b2c-alerts/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisKeys, type QueueKind } from '../src/index.js';
import { crashEnv, mailAlertCounts, QueueWatch, slackAlertCounts } from './helpers/crash-scenario.js';
import { pollUntil } from './helpers/poll-until.js';
import { adminRedis, deleteKeys, redisUrl, testPrefixes } from './helpers/redis-test.js';
import { immediateRoutesYaml, writeRulesDir } from './helpers/rules-dir.js';
import { useCleanup } from './helpers/use-cleanup.js';
import { spawnWorker, type WorkerProcess } from './helpers/worker-process.js';

const minute = 60_000;
const ruleId = 'b2c.data-plane.password-spray-then-token';
const ip = '198.51.100.77';
const shipped = fileURLToPath(new URL('../../../rules/', import.meta.url));

/** The shipped spray-then-token rule with the shared conditions and list it uses. */
async function sequenceRulesDir(): Promise<string> {
  const files: Record<string, string> = { 'routes.yaml': immediateRoutesYaml };
  for (const path of [
    'data-plane/password-spray-then-token.rule.yaml',
    'conditions/local-credential-failure.yaml',
    'conditions/succeeded.yaml',
    'lists/excluded-client-ips.yaml',
  ])
    files[path] = await readFile(`${shipped}${path}`, 'utf8');
  return writeRulesDir(files);
}

describe('crash safety of a sequence: a worker killed between its steps', { timeout: 90_000 }, () => {
  const admin = adminRedis();
  const prefixes = testPrefixes();
  const defer = useCleanup(() => deleteKeys(admin, prefixes.keyPrefix, prefixes.queuePrefix));
  afterAll(() => admin.quit());

  function worker(env: Record<string, string>): WorkerProcess {
    const w = spawnWorker(env);
    defer(() => w.kill('SIGKILL'));
    return w;
  }

  it('loses nothing of the first step and repeats nothing: the sequence alerts once per channel', async () => {
    const [graph, slack, smtp, rulesDir] = await Promise.all([
      GraphEmulator.start(),
      SlackEmulator.start(),
      SmtpSink.start(),
      sequenceRulesDir(),
    ]);
    defer(
      () => graph.close(),
      () => slack.close(),
      () => smtp.close(),
      () => rm(rulesDir, { recursive: true, force: true }),
    );
    const watch = new QueueWatch(redisUrl(), prefixes.queuePrefix);
    defer(() => watch.close());
    // The reader polls every 2 s, so a record published later is read by a later poll.
    const env = (queues: QueueKind[]) => ({
      ...crashEnv(graph, slack, smtp, { ...prefixes, rulesDir, redisUrl: redisUrl(), queues }),
      POLL_INTERVAL: '2s',
    });

    // Step one: a spray from `ip` 60 minutes ago, in 70 minutes of traffic (about 25 evaluate batches).
    const now = Date.now();
    const spray = incidents.passwordSpray(now - 60 * minute, { ip, users: 20 });
    graph.addEvents(
      generateTraffic({ seed: 45, start: now - 80 * minute, end: now - 10 * minute, eventsPerHour: 15_000 }),
    );
    graph.addEvents(spray);
    const reader = worker(env(['poll']));
    await pollUntil(async () => (await watch.count('poll', 'completed')) >= 1, { what: 'the first poll' });
    expect(await watch.count('evaluate', 'waiting')).toBeGreaterThanOrEqual(20);

    // Killed as soon as the spray's events are in Redis: mid-run, with batches still to do.
    const state = new RedisKeys(prefixes.keyPrefix).statePrefix('contoso');
    const group = formatGroupKey(ruleId, [['ip', ip]]);
    const sprayKey = `${state}:${stateKeys.sequenceStep(1, group)}`;
    const tokenKey = `${state}:${stateKeys.sequenceStep(2, group)}`;
    const doomed = worker(env(['evaluate', 'alerts', 'deliver']));
    await pollUntil(async () => (await admin.zcard(sprayKey)) >= 10, { what: 'the spray recorded', intervalMs: 5 });
    await doomed.kill('SIGKILL');
    expect(await admin.zcard(sprayKey)).toBeGreaterThanOrEqual(10);
    expect(await watch.count('evaluate', 'waiting')).toBeGreaterThan(0);
    expect(await admin.exists(tokenKey)).toBe(0);
    expect(slack.messages).toHaveLength(0);

    // Step two, published after the crash: the attacker signs in from the spraying IP.
    const signIn = incidents.signedInFrom(now - 20 * minute, { ip });
    graph.addEvents(signIn);
    const fresh = worker(env(['evaluate', 'alerts', 'deliver']));
    await pollUntil(
      async () =>
        slack.messages.length >= 1 &&
        smtp.mails.length >= 1 &&
        (await watch.idle()) &&
        (await watch.count('evaluate', 'failed')) === 0,
      { what: 'the sequence delivered and every queue drained', timeoutMs: 60_000 },
    );

    // One alert, once per channel, listing ten of the spray's events and the sign-in's first token record.
    const slackCounts = slackAlertCounts(slack);
    const mailCounts = mailAlertCounts(smtp);
    expect([...slackCounts.values()]).toEqual([1]);
    expect([...mailCounts.keys()]).toEqual([...slackCounts.keys()]);
    expect([...mailCounts.values()]).toEqual([1]);
    const delivered = await watch.delivered();
    expect(delivered.map((d) => `${d.channel} ${d.ruleId} ${d.groupKey}`).sort()).toEqual([
      `email ${ruleId} ${group}`,
      `slack ${ruleId} ${group}`,
    ]);
    const code = signIn.find((a) => a.activityDisplayName === 'Issue an authorization code to the application')!;
    const sprayIds = new Set(spray.map((a) => a.id));
    for (const d of delivered) {
      expect(d.eventIds).toHaveLength(11);
      expect(d.eventIds.slice(0, 10).every((id) => sprayIds.has(id))).toBe(true);
      expect(d.eventIds[10]).toBe(code.id);
    }
    expect(await watch.count('deliver', 'failed')).toBe(0);
    expect(fresh.lines.some((l) => l.msg === 'worker ready')).toBe(true);

    await Promise.all([reader.kill('SIGTERM'), fresh.kill('SIGTERM')]);
    expect([await reader.exit, await fresh.exit]).toEqual([0, 0]);
  });
});
