// Runs a GraphEmulator in its own process, so the measured process's RSS is only the client's.
// argv: events days; prints one JSON line { url, tenantId, clientId, clientSecret, events } and
// serves until stdin closes.
import { GraphEmulator, generateTraffic } from '@b2c-alerts/testkit';

const events = Number(process.argv[2] ?? 200_000);
const days = Number(process.argv[3] ?? 3);
const end = Date.now() - 10 * 60_000;
const start = end - days * 86_400_000;
const emulator = await GraphEmulator.start({ rateLimit: false });
let n = 0;
const batch = [];
for (const e of generateTraffic({ seed: 42, start, end, eventsPerHour: Math.ceil(events / (days * 24)) + 50 })) {
  if (n === events) break;
  batch.push(e);
  n += 1;
  if (batch.length === 10_000) emulator.addEvents(batch.splice(0));
}
emulator.addEvents(batch);
process.stdout.write(
  `${JSON.stringify({ url: emulator.url, tenantId: emulator.tenantId, clientId: emulator.clientId, clientSecret: emulator.clientSecret, events: n })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => emulator.close().then(() => process.exit(0)));
