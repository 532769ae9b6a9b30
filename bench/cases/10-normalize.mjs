// normalize() throughput over generated B2C traffic (issue 2).
import { normalize } from '@b2c-alerts/audit-client';
import { generateTraffic } from '@b2c-alerts/testkit';
import { fmt, perSecond, report } from '../lib.mjs';

const end = Date.parse('2026-11-01T00:00:00Z');
const raw = [...generateTraffic({ seed: 1, start: end - 3 * 86_400_000, end, eventsPerHour: 2800 })].slice(0, 200_000);
let sink = 0;
for (const e of raw.slice(0, 20_000)) sink += normalize(e).activity.length; // warm-up
const passes = 5;
const t = performance.now();
for (let p = 0; p < passes; p += 1) for (const e of raw) sink += normalize(e).activity.length;
const ms = performance.now() - t;
report({
  case: 'normalize',
  metric: 'events/s',
  value: fmt(perSecond(raw.length * passes, ms)),
  note: `${fmt(raw.length)} generated events × ${passes} passes (checksum ${sink % 997})`,
});
