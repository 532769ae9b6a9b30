// The worker end to end (issue 4): Graph emulator (own process, rate limit off, 100k events over 3 h
// visible at start, planted intrusions) → poll → evaluate → alerts → deliver → Slack emulator and SMTP
// sink (this process), shipped rules with group_wait 0, with 1 and then 2 worker processes on one Redis.
// Rate: events / time from start until the poll watermark passed the newest event and the evaluate queue
// is empty. Latency: receipt by the Slack emulator − when the emulator served the page holding the
// alert's first event; for the backlog, and for a few incidents planted once the pipeline is idle.
import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { SlackEmulator, SmtpSink, emulatorEnv } from '@b2c-alerts/testkit';
import { RedisKeys, createQueues } from '@b2c-alerts/worker';
import { fmt, perSecond, report } from '../lib.mjs';

const events = 100_000;
const hours = 3;
const incidentCount = 150;
const livePlanted = 20;
const tenant = 'bench';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const end = Date.now() - 10 * 60_000; // the same data in both runs
const timeoutMs = 10 * 60_000;
const script = (name) => fileURLToPath(new URL(`../${name}`, import.meta.url));

const routes = `routes:
  security:
    slack: { channel: '\${ALERT_SLACK_CHANNEL}' }
    email: { to: '\${ALERT_EMAIL_TO}' }
    group_wait: 0s
    group_interval: 0s
`;

/** A node child speaking JSON lines on stdout; stderr passes through. */
function startChild(file, args) {
  const proc = spawn(process.execPath, [file, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [];
  const arrived = new EventEmitter();
  createInterface({ input: proc.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    lines.push(JSON.parse(line));
    arrived.emit('line');
  });
  const closed = once(proc, 'close');
  const waitFor = (predicate, from = 0) =>
    new Promise((resolve, reject) => {
      const cleanup = () => {
        arrived.off('line', check);
        proc.off('exit', onExit);
      };
      const onExit = (code) => {
        cleanup();
        reject(new Error(`${file} exited (${code}) while awaited`));
      };
      function check() {
        const hit = lines.slice(from).find(predicate);
        if (hit === undefined) return;
        cleanup();
        resolve(hit);
      }
      arrived.on('line', check);
      proc.once('exit', onExit);
      check();
    });
  return {
    proc,
    lines,
    waitFor,
    send: (text) => proc.stdin.write(`${text}\n`),
    ask(command, key) {
      const from = lines.length;
      proc.stdin.write(`${JSON.stringify(command)}\n`);
      return waitFor((l) => key in l, from);
    },
    async stop() {
      proc.stdin.end();
      const [code] = await closed;
      if (code !== 0) throw new Error(`${file} exited ${code}`);
    },
  };
}

async function until(what, check) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function deleteKeys(redis, pattern) {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (found.length) await redis.unlink(...found);
  } while (cursor !== '0');
}

const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

async function run(workerCount, rulesDir) {
  const keyPrefix = `bench-e2e-${process.pid}-${workerCount}`;
  const queuePrefix = `${keyPrefix}-bull`;
  const emulator = startChild(script('e2e-emulator-process.mjs'), [end, events, hours, incidentCount].map(String));
  const graph = await emulator.waitFor((l) => 'url' in l);
  const slack = await SlackEmulator.start();
  const smtp = await SmtpSink.start();
  const receivedAt = new Map();
  slack.onMessage((m) => receivedAt.set(m.ts, Date.now()));
  const env = {
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    BULLMQ_PREFIX: queuePrefix,
    ...emulatorEnv(graph),
    TENANT_NAME: tenant,
    GRAPH_RATE_LIMIT: 'off',
    POLL_INTERVAL: '60s',
    POLL_INITIAL_LOOKBACK: `${hours + 1}h`,
    RULES_DIR: rulesDir,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.url,
    ALERT_SLACK_CHANNEL: '#security',
    SMTP_URL: smtp.url,
    ALERT_EMAIL_FROM: 'B2C alerts <alerts@contoso.test>',
    ALERT_EMAIL_TO: 'soc@contoso.test',
    PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  };
  const workers = Array.from({ length: workerCount }, () =>
    startChild(script('worker-process.mjs'), [JSON.stringify(env)]),
  );
  await Promise.all(workers.map((w) => w.waitFor((l) => l.loaded)));

  const redis = new Redis(redisUrl);
  const keys = new RedisKeys(keyPrefix);
  const queues = createQueues(redis, queuePrefix);
  const watermark = async () => Number(await redis.get(keys.watermark(tenant)));
  const alive = () => {
    const dead = workers.find((w) => w.proc.exitCode !== null);
    if (dead) throw new Error(`a worker exited (${dead.proc.exitCode})`);
  };
  const evaluateEmpty = async () => sum(await queues.evaluate.getJobCounts('waiting', 'active', 'prioritized')) === 0;
  const drained = async () =>
    (await evaluateEmpty()) &&
    sum(await queues.alerts.getJobCounts('waiting', 'active', 'prioritized', 'delayed')) === 0 &&
    sum(await queues.deliver.getJobCounts('waiting', 'active', 'prioritized', 'delayed')) === 0;

  try {
    const t0 = performance.now();
    for (const w of workers) w.send('go');
    let polledMs;
    await until('every event evaluated', async () => {
      alive();
      if ((await watermark()) < graph.horizon) return false;
      polledMs ??= performance.now() - t0;
      return evaluateEmpty();
    });
    const evaluatedMs = performance.now() - t0;
    await until('the backlog delivered', async () => {
      alive();
      return drained();
    });
    const deliveredMs = performance.now() - t0;
    const backlogSlack = slack.messages.length;
    const backlogMail = smtp.mails.length;

    // Live: incidents appear now (behind POLL_DELAY) and one poll is triggered, as the scheduler would.
    const { horizon: liveHorizon } = await emulator.ask(
      { cmd: 'plant', at: Date.now() - 9 * 60_000, n: livePlanted },
      'horizon',
    );
    await until('a poll that read the planted incidents', async () => {
      const job = await queues.poll.add('poll', { tenant });
      const result = await until('the poll job', async () => {
        alive();
        const done = await queues.poll.getJob(job.id);
        return done?.finishedOn ? (done.returnvalue ?? { status: 'failed' }) : undefined;
      });
      return result.status === 'polled' && (await watermark()) >= liveHorizon;
    });
    await until('the planted incidents delivered', async () => {
      alive();
      return slack.messages.length >= backlogSlack + livePlanted && (await drained());
    });
    const evaluateFailed = (await queues.evaluate.getJobCounts('failed')).failed;

    await Promise.all(workers.map((w) => w.stop()));
    const sent = new Map(workers.flatMap((w) => w.lines.filter((l) => l.sent).map((l) => [l.sent.ts, l.sent])));
    const ids = [...new Set([...sent.values()].map((s) => s.eventId).filter(Boolean))];
    const { served } = await emulator.ask({ cmd: 'served', ids }, 'served');
    const latencies = (messages) => {
      const values = [];
      for (const m of messages) {
        const eventId = sent.get(m.ts)?.eventId;
        const at = eventId ? served[eventId] : null;
        if (at) values.push(receivedAt.get(m.ts) - at);
      }
      return values.sort((a, b) => a - b);
    };
    return {
      events: graph.events,
      polledMs,
      evaluatedMs,
      deliveredMs,
      evaluateFailed,
      backlogSlack,
      backlogMail,
      backlogAlerts: slack.messages.slice(0, backlogSlack).map((m) => sent.get(m.ts) ?? { group: `unknown ${m.ts}` }),
      backlog: latencies(slack.messages.slice(0, backlogSlack)),
      live: latencies(slack.messages.slice(backlogSlack)),
      rss: Math.max(...workers.map((w) => w.lines.find((l) => l.closed)?.rss ?? 0)),
    };
  } finally {
    for (const w of workers) if (w.proc.exitCode === null) await w.stop().catch(() => undefined);
    await emulator.stop().catch(() => undefined);
    await Promise.all(Object.values(queues).map((q) => q.close()));
    await Promise.all([slack.close(), smtp.close()]);
    await deleteKeys(redis, `${keyPrefix}:*`);
    await deleteKeys(redis, `${queuePrefix}:*`);
    await redis.quit();
  }
}

const rulesDir = await mkdtemp(join(tmpdir(), 'bench-e2e-rules-'));
await cp(fileURLToPath(new URL('../../rules', import.meta.url)), rulesDir, { recursive: true });
await writeFile(join(rulesDir, 'routes.yaml'), routes);
const results = [];
try {
  for (const n of [1, 2]) {
    process.stderr.write(`bench: end-to-end with ${n} worker(s) ...\n`);
    results.push(await run(n, rulesDir));
  }
} finally {
  await rm(rulesDir, { recursive: true, force: true });
}

const [one, two] = results;
const rate = (r) => perSecond(r.events, r.evaluatedMs);
// The same alerts: the same groups, each alerted as often; and how many began at another first event.
const byGroup = (alerts) => alerts.map((a) => `${a.group}\u0000${a.eventId}`).sort();
const groups = (alerts) => JSON.stringify(alerts.map((a) => a.group).sort());
const sameGroups = groups(one.backlogAlerts) === groups(two.backlogAlerts);
const firstOfOne = new Set(byGroup(one.backlogAlerts));
const otherFirst = byGroup(two.backlogAlerts).filter((k) => !firstOfOne.has(k)).length;
const comparison = `same ${two.backlogAlerts.length} alert groups as 1 worker: ${sameGroups ? 'yes' : 'NO'}${otherFirst ? ` (${otherFirst} with another first event)` : ''}`;
for (const [i, r] of results.entries()) {
  const n = i + 1;
  const ratio = n === 2 ? `; ${(rate(two) / rate(one)).toFixed(2)}× 1 worker; ${comparison}` : '';
  report({
    case: `end-to-end: ${fmt(r.events)} events (3 h backlog) → alerts, ${n} worker process${n === 1 ? '' : 'es'}`,
    metric: 'events/s',
    value: fmt(rate(r)),
    rss: r.rss,
    note:
      `read (single-flight poll) in ${(r.polledMs / 1000).toFixed(1)} s, evaluated in ${(r.evaluatedMs / 1000).toFixed(1)} s, ${fmt(r.backlogSlack)} Slack + ${fmt(r.backlogMail)} email delivered by ${(r.deliveredMs / 1000).toFixed(1)} s` +
      `${r.evaluateFailed ? `, ${r.evaluateFailed} evaluate jobs FAILED` : ''}; one tenant, so one poll at a time reads Graph; Graph rate limit off, group_wait 0; RSS of ${n === 1 ? 'the' : 'the larger'} worker${ratio}`,
  });
}
for (const [i, r] of results.entries()) {
  const n = i + 1;
  report({
    case: `alert latency, backlog, ${n} worker${n === 1 ? '' : 's'}`,
    metric: 'p50 / p99 ms',
    value: `${fmt(percentile(r.backlog, 0.5))} / ${fmt(percentile(r.backlog, 0.99))}`,
    rss: '',
    note: `${r.backlog.length} Slack messages; page served by Graph → received by Slack; all history visible at start, so it includes queueing behind the backlog; group_wait 0 (production default 30s adds to it)`,
  });
  report({
    case: `alert latency, idle pipeline, ${n} worker${n === 1 ? '' : 's'}`,
    metric: 'p50 / p99 ms',
    value: `${fmt(percentile(r.live, 0.5))} / ${fmt(percentile(r.live, 0.99))}`,
    rss: '',
    note: `${r.live.length} Slack messages for ${livePlanted} policy keys deleted after the backlog was done, read by one poll; group_wait 0 (production default 30s adds to it)`,
  });
}
