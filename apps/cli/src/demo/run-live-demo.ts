import { randomUUID } from 'node:crypto';
import { createWorkerApp, parseWorkerConfig, type WorkerApp } from '@b2c-alerts/worker';
import { SlackEmulator, SmtpSink } from '@b2c-alerts/testkit';
import type { CommandContext } from '../command-context.js';
import { displayPath } from '../text/display-path.js';
import { routeVariablesFrom } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { deleteKeysWithPrefix } from './delete-keys-with-prefix.js';
import { resolveDemoRedis } from './demo-redis.js';
import { prepareDemoRulesDir } from './demo-rules-dir.js';
import { DemoObserver, sinceStart } from './demo-observer.js';
import { formatDemoSummary, type DemoSummary } from './demo-summary.js';
import { demoTiming } from './demo-timing.js';
import { startDemoConsole } from './demo-console.js';
import { startLiveTenant, type PlantedIncident } from './live-tenant.js';

export interface LiveDemoOptions {
  rulesDir: string;
  minutes: number;
  speed: number;
  /** End as soon as every incident reached Slack and email (--minutes stays the deadline). */
  untilAlerts: boolean;
  /** The web console's port (0: any free one). */
  consolePort: number;
}

const channel = '#security-alerts';
const emailTo = 'soc@example.test';
const emailFrom = 'b2c-alerts@example.test';
const slackToken = 'xoxb-demo-token';
const seconds = (ms: number) => `${Math.round(ms / 1000)}s`;

type Ending = 'time' | 'interrupted' | 'alerted';

function waitForEnd(ms: number, signal: AbortSignal, observer: DemoObserver, untilAlerts: boolean): Promise<Ending> {
  return new Promise((resolve) => {
    const end = (ending: Ending) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ending);
    };
    const onAbort = () => end('interrupted');
    const timer = setTimeout(() => end('time'), ms);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) end('interrupted');
    if (untilAlerts) observer.onChange(() => observer.everyIncidentEverywhere() && end('alerted'));
  });
}

async function alertsPerRule(app: WorkerApp): Promise<DemoSummary['alertsPerRule']> {
  const metric = await app.metrics.alerts.get();
  return metric.values
    .map((v) => ({ rule: String(v.labels.rule), count: v.value }))
    .sort((a, b) => a.rule.localeCompare(b.rule));
}

/**
 * `b2c-alerts demo`: the worker on a live emulated tenant. Starts the Graph + token emulator (a day
 * of history, then live traffic and three planted incidents), the Slack emulator and an SMTP sink,
 * finds a Redis (resolveDemoRedis) and runs the worker under a key prefix of its own; prints each
 * incident as it is planted and each Slack message and email as it arrives; after `minutes` (or the
 * abort signal) closes everything in order, deletes its Redis keys and prints a summary. Fails with
 * CLI_ERR_CHECK_FAILED unless every incident alerted.
 */
export async function runLiveDemo(context: CommandContext, o: LiveDemoOptions): Promise<void> {
  const say = (line: string) => void context.stdout.write(`${line}\n`);
  const note = (line: string) => void context.stderr.write(`${line}\n`);
  const now = () => context.clock.now();
  const timing = demoTiming(o.speed);
  // Undone in reverse order: the worker first, then what it talks to, then Redis.
  const cleanup: Array<{ step: string; run: () => Promise<unknown> }> = [];
  const timers: NodeJS.Timeout[] = [];
  let summary: DemoSummary | undefined;
  let incidents: PlantedIncident[] = [];
  let alerted: PlantedIncident[] = [];
  let ending: Ending = 'time';
  try {
    const redis = await resolveDemoRedis(context.env, note);
    cleanup.push({ step: 'redis-server', run: () => redis.stop() });
    const id = randomUUID().slice(0, 8);
    const prefixes = { keys: `b2c-demo-${id}`, queues: `b2c-demo-${id}-bull` };
    cleanup.push({
      step: 'the demo keys in Redis',
      run: () => deleteKeysWithPrefix(redis.url, [prefixes.keys, prefixes.queues]),
    });

    const start = now();
    const tenant = await startLiveTenant({ start, until: start + o.minutes * 60_000 + 60_000, timing, now });
    cleanup.push({ step: 'the Graph emulator', run: () => tenant.emulator.close() });
    incidents = tenant.incidents;
    const slack = await SlackEmulator.start({ token: slackToken });
    cleanup.push({ step: 'the Slack emulator', run: () => slack.close() });
    const smtp = await SmtpSink.start();
    cleanup.push({ step: 'the SMTP sink', run: () => smtp.close() });
    const rules = await prepareDemoRulesDir(
      o.rulesDir,
      routeVariablesFrom({ ALERT_SLACK_CHANNEL: channel, ALERT_EMAIL_TO: emailTo }),
      timing,
      note,
    );
    cleanup.push({ step: 'the demo rules directory', run: () => rules.remove() });
    const tenantName = 'contosob2c';
    const webConsole = await startDemoConsole(context, {
      tenant: tenantName,
      port: o.consolePort,
      redisUrl: redis.url,
      keyPrefix: prefixes.keys,
      queuePrefix: prefixes.queues,
      rulesDir: rules.dir,
    });
    cleanup.push({ step: 'the web console', run: () => webConsole.close() });

    const config = parseWorkerConfig({
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefixes.keys,
      BULLMQ_PREFIX: prefixes.queues,
      TENANT_NAME: tenantName,
      AZURE_TENANT_ID: tenant.emulator.tenantId,
      AZURE_CLIENT_ID: tenant.emulator.clientId,
      AZURE_CLIENT_SECRET: tenant.emulator.clientSecret,
      AZURE_AUTHORITY_HOST: tenant.emulator.url,
      GRAPH_BASE_URL: tenant.emulator.url,
      GRAPH_RATE_LIMIT: 'off',
      RULES_DIR: rules.dir,
      POLL_INTERVAL: seconds(timing.pollIntervalMs),
      POLL_DELAY: seconds(timing.pollDelayMs),
      POLL_OVERLAP: seconds(timing.pollOverlapMs),
      POLL_INITIAL_LOOKBACK: '25h',
      SLACK_BOT_TOKEN: slackToken,
      SLACK_API_URL: slack.url,
      ALERT_SLACK_CHANNEL: channel,
      SMTP_URL: smtp.url,
      ALERT_EMAIL_TO: emailTo,
      ALERT_EMAIL_FROM: emailFrom,
      PORT: '0',
      HTTP_HOST: '127.0.0.1',
      SHUTDOWN_TIMEOUT: '10s',
      ARCHIVE_DIR: webConsole.archiveRoot,
      ARCHIVE_INDEX: 'off',
      CONSOLE_URL: webConsole.url,
    });
    // The worker's own logs would drown the demo's lines: warnings only, unless LOG_LEVEL asks for more.
    const logger = context.env.LOG_LEVEL?.trim() ? context.logger : context.logger.child({}, { level: 'warn' });
    const app = createWorkerApp(config, { logger, clock: context.clock });
    const observer = new DemoObserver({ slack, smtp, incidents, start, now, say });
    cleanup.push({ step: 'the observer', run: async () => observer.close() });
    cleanup.push({ step: 'the worker', run: () => app.close() });
    await app.start();

    const ruleCount = app.rules.current?.ruleSet.rules.length ?? 0;
    say(
      `b2c-alerts demo: a live emulated B2C tenant watched by the worker for ${o.minutes} min${o.speed === 1 ? '' : ` at ${o.speed}x speed`} (Ctrl-C ends it sooner).`,
    );
    say(
      `  Graph + token emulator  ${tenant.emulator.url}  ${tenant.domain}: ${tenant.historyEvents.toLocaleString('en-US')} events in the last 24 h, live traffic from now on`,
    );
    say(`  Slack emulator          ${slack.url}  the worker posts to ${channel}`);
    say(`  SMTP sink               ${smtp.url}  the worker mails ${emailTo}`);
    say(`  Redis                   ${redis.shown}; keys under ${prefixes.keys}*, deleted at the end`);
    say(
      `  Worker                  ${ruleCount} rules from ${displayPath(o.rulesDir)} (group_wait ${seconds(timing.groupWaitMs)} for the demo); polls every ${seconds(timing.pollIntervalMs)}, ${seconds(timing.pollDelayMs)} behind`,
    );
    say(`  Metrics                 http://127.0.0.1:${app.port}/metrics`);
    say(`  Console                 ${webConsole.url}  the alerts with their events, while the demo runs`);
    say(`  Incidents               at ${incidents.map((i) => sinceStart(start, i.at).trim()).join(', ')}\n`);
    for (const incident of incidents) {
      timers.push(
        setTimeout(
          () =>
            say(
              `${sinceStart(start, incident.at)}  incident planted: ${incident.what} (${incident.records} records until ${sinceStart(start, incident.lastRecordAt).trim()}, visible in Graph a few seconds after each)`,
            ),
          Math.max(0, incident.at - now()),
        ),
      );
    }

    ending = await waitForEnd(o.minutes * 60_000 - (now() - start), context.signal, observer, o.untilAlerts);
    for (const timer of timers) clearTimeout(timer);
    say(
      `\n${sinceStart(start, now())}  ${ending === 'interrupted' ? 'interrupted' : ending === 'alerted' ? 'every incident alerted' : 'time is up'}: stopping the worker, the emulators and Redis`,
    );
    const polls = await app.queues.poll.getJobCounts('completed', 'failed').then(
      (counts) => Object.values(counts).reduce((a, b) => a + b, 0),
      () => 0,
    );
    alerted = observer.alerted();
    const consoleAlerts = await webConsole.alertCount().catch(() => 0);
    summary = {
      consoleAlerts,
      endedAt: now(),
      minutes: (now() - start) / 60_000,
      eventsServed: tenant.emulator.stats.eventsServed,
      graphRequests: tenant.emulator.stats.graphRequests,
      polls,
      alertsPerRule: await alertsPerRule(app),
      slackTopLevel: observer.slackMessages.filter((m) => m.thread_ts === undefined).length,
      slackInThreads: observer.slackMessages.filter((m) => m.thread_ts !== undefined).length,
      emails: observer.mails.length,
      incidents,
      alerted,
    };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    for (const { step, run } of cleanup.reverse()) {
      try {
        await run();
      } catch (error) {
        context.logger.warn({ err: error }, `demo: stopping ${step} failed`);
        note(`Stopping ${step} failed: ${(error as Error).message}`);
      }
    }
  }
  say(formatDemoSummary(summary).trimEnd());
  if (alerted.length < incidents.length) {
    const when = ending === 'interrupted' ? 'before the demo was interrupted' : `within ${o.minutes} min`;
    throw new CliError(
      'CLI_ERR_CHECK_FAILED',
      `${alerted.length} of the ${incidents.length} planted incidents alerted ${when}; run longer (--minutes), or with LOG_LEVEL=info to see the worker's log.`,
    );
  }
}
