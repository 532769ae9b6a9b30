// Writes N generated events as one gzip JSONL file (streaming, flat memory). argv: out count
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { generateTraffic } from '@b2c-alerts/testkit';

const [out, countText] = process.argv.slice(2);
const count = Number(countText ?? 1_000_000);
const end = Date.parse('2026-11-01T00:00:00Z');
function* lines() {
  let n = 0;
  let chunk = '';
  for (const e of generateTraffic({
    seed: 5,
    start: end - 7 * 86_400_000,
    end,
    eventsPerHour: Math.ceil(count / 168) + 100,
  })) {
    if (n === count) break;
    chunk += `${JSON.stringify(e)}\n`;
    n += 1;
    if (n % 1000 === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
await pipeline(Readable.from(lines()), createGzip({ level: 6 }), createWriteStream(out));
