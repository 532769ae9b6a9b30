// One worker (createWorkerApp, every queue) in its own process, so several use several cores.
// argv[2]: the worker's environment as JSON. Prints JSON lines: { loaded } once configured, then waits
// for a `go` line on stdin to start (so the bench times from the same moment for every worker);
// { started }; one { sent: { ts, eventId, group } } per Slack message it posted (the Slack ts, the
// alert's first event id and its group key); { closed, rss } after stdin ends and the app has closed.
import { createInterface } from 'node:readline';
import { SlackSender } from '@b2c-alerts/notify';
import { createWorkerApp, parseWorkerConfig } from '@b2c-alerts/worker';

const env = JSON.parse(process.argv[2]);
const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const real = new SlackSender({ token: env.SLACK_BOT_TOKEN, apiUrl: env.SLACK_API_URL });
// Passes through to the real sender; only notes which alert each message was.
const slack = {
  async send(req) {
    const result = await real.send(req);
    print({ sent: { ts: result.ts, eventId: req.alert.eventIds[0] ?? null, group: req.alert.groupKey } });
    return result;
  },
};
const app = createWorkerApp(parseWorkerConfig(env), { slack });
print({ loaded: true });

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'go') return;
  app.start().then(
    () => print({ started: true }),
    (error) => {
      process.stderr.write(`worker-process: start failed: ${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
});
lines.on('close', () => {
  app.close().then(
    () => {
      print({ closed: true, rss: Math.round(process.resourceUsage().maxRSS / 1024) });
      process.exit(0);
    },
    (error) => {
      process.stderr.write(`worker-process: close failed: ${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
});
