// The Graph emulator of the end-to-end case, in its own process (its CPU and RSS are not the workers').
// argv: end (epoch ms) events hours incidents. Holds `events` of generated traffic over [end − hours, end],
// all visible at once, plus `incidents` planted policy-key deletions (each a distinct actor and keyset) and
// a custom-policy burst after every third. Prints { url, tenantId, clientId, clientSecret, events,
// horizon } and then answers one JSON line per JSON command line on stdin:
//   { cmd: 'plant', at, n }  → n more policy-key deletions at `at` (by incident 0's actor) → { horizon }
//   { cmd: 'served', ids }   → { served: { id: first wall-clock serve time } } (GraphEmulator.servedAt)
// Closes when stdin ends.
import { createInterface } from 'node:readline';
import { GraphEmulator, generateTraffic, incidents } from '@b2c-alerts/testkit';

const [end, events, hours, incidentCount] = process.argv.slice(2, 6).map(Number);
const start = end - hours * 3_600_000;
const emulator = await GraphEmulator.start({ rateLimit: false, recordServed: true });
const actor = (i) => `intruder${i}@evil.example`;
let horizon = 0;
let count = 0;
const add = (batch) => {
  emulator.addEvents(batch);
  count += batch.length;
  for (const e of batch) horizon = Math.max(horizon, Date.parse(e.activityDateTime));
};

// Records per hour vary with the time of day: measure at one rate, then ask for 2% more than needed.
let probe = 0;
const probeRate = events / hours;
for (const _ of generateTraffic({ seed: 42, start, end, eventsPerHour: probeRate })) probe++;
const batch = [];
for (const e of generateTraffic({
  seed: 42,
  start,
  end,
  eventsPerHour: Math.ceil(((probeRate * events) / probe) * 1.02),
})) {
  if (count + batch.length === events) break;
  batch.push(e);
  if (batch.length === 10_000) add(batch.splice(0));
}
add(batch);
const step = (end - start - 10 * 60_000) / incidentCount;
for (let i = 0; i < incidentCount; i++) {
  const at = Math.floor(start + i * step);
  add(incidents.policyKeyDeleted(at, { actorUpn: actor(i), keyset: `B2C_1A_Bench${i}` }));
  if (i % 3 === 0) add(incidents.customPolicyBurst(at + 5 * 60_000, { actorUpn: actor(i), count: 8 }));
}

let planted = 0;
const reply = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
reply({
  url: emulator.url,
  tenantId: emulator.tenantId,
  clientId: emulator.clientId,
  clientSecret: emulator.clientSecret,
  events: count,
  horizon,
});

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const command = JSON.parse(line);
  if (command.cmd === 'plant') {
    let last = 0;
    for (let i = 0; i < command.n; i++) {
      const records = incidents.policyKeyDeleted(command.at + i * 1000, {
        actorUpn: actor(0),
        keyset: `B2C_1A_Live${planted++}`,
      });
      emulator.addEvents(records);
      for (const e of records) last = Math.max(last, Date.parse(e.activityDateTime));
    }
    reply({ horizon: last });
  } else if (command.cmd === 'served') {
    reply({ served: Object.fromEntries(command.ids.map((id) => [id, emulator.servedAt(id) ?? null])) });
  } else {
    reply({ error: `unknown command ${String(command.cmd)}` });
  }
});
lines.on('close', () => void emulator.close().then(() => process.exit(0)));
