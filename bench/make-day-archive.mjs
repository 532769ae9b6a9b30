// Writes an archive of N generated events over D days (DIR/YYYY-MM-DD/part-*.jsonl.gz, one part per
// 6 hours of events, as export writes them) ending at argv end (ISO). argv: dir count days end
import { ArchiveWriter } from '@b2c-alerts/audit-client';
import { generateTraffic } from '@b2c-alerts/testkit';

const [dir, countText, daysText, endText] = process.argv.slice(2);
const count = Number(countText ?? 1_000_000);
const days = Number(daysText ?? 30);
const end = Date.parse(endText ?? '2026-11-01T00:00:00Z');
const start = end - days * 86_400_000;
const writer = new ArchiveWriter({ dir });
const chunkMs = 6 * 3_600_000;
let batch = [];
let batchEnd = start + chunkMs;
let n = 0;
// The directory churn adds about 2 % on top of the consumer rate.
for (const e of generateTraffic({
  seed: 11,
  start,
  end: end - 1,
  eventsPerHour: Math.ceil(count / (days * 24) / 1.02),
})) {
  if (n === count) break;
  const t = Date.parse(e.activityDateTime);
  if (t >= batchEnd) {
    await writer.write(batch);
    batch = [];
    while (t >= batchEnd) batchEnd += chunkMs;
  }
  batch.push(e);
  n += 1;
}
if (batch.length > 0) await writer.write(batch);
process.stdout.write(`${JSON.stringify({ events: n })}\n`);
