import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readArchivePart, readExports, type ExportProblem, type ExportRecord } from '../../src/index.js';
import { b2cEvents } from '../helpers/b2c-events.js';

const MB = 1024 * 1024;
/** How much the process may grow while reading hostile input; the unbounded readers grew by gigabytes. */
const rssBound = 200 * MB;

const good = b2cEvents('good', Date.UTC(2025, 0, 10), 5, 60_000);
const jsonl = (items: unknown[]) => items.map((e) => JSON.stringify(e)).join('\n') + '\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostile-readers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The largest RSS growth seen while `work` runs (sampled on a timer and whenever `sample` is called). */
async function peakRssGrowth(work: (sample: () => void) => Promise<void>): Promise<number> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 5);
  try {
    await work(sample);
  } finally {
    clearInterval(timer);
  }
  sample();
  return peak - base;
}

async function readAll(paths: string[], sample: () => void) {
  const problems: ExportProblem[] = [];
  const records: ExportRecord[] = [];
  for await (const record of readExports(paths, {
    onProblem: (p) => {
      sample();
      problems.push(p);
    },
  })) {
    sample();
    records.push(record);
  }
  return { records, problems };
}

/** `count` copies of `text`, as one gzip member each: a tiny file that expands `count` times over. */
function gzipMembers(first: string, text: string, count: number): Buffer {
  const member = gzipSync(text);
  return Buffer.concat([gzipSync(first), ...Array.from({ length: count }, () => member)]);
}

describe('hostile export files are bounded, reported with their place, and the rest is read', () => {
  it('a gzip bomb ([ then 100M "0," lines in 300 KB) is stopped and named; the next file is read', async () => {
    const bomb = join(dir, 'a-bomb.json.gz');
    const oneMillionZeros = '0,\n'.repeat(1_000_000);
    await writeFile(bomb, gzipMembers('[\n', oneMillionZeros, 100));
    const next = join(dir, 'b-good.jsonl');
    await writeFile(next, jsonl(good));

    let read: Awaited<ReturnType<typeof readAll>> | undefined;
    const growth = await peakRssGrowth(async (sample) => {
      read = await readAll([bomb, next], sample);
    });
    const { records, problems } = read!;

    expect(records.map((r) => r.audit.id)).toEqual(good.map((e) => e.id));
    const fromBomb = problems.filter((p) => p.file === bomb);
    expect(fromBomb.length).toBeLessThanOrEqual(102);
    const limit = fromBomb.find((p) => /decompress/.test(p.message));
    expect(limit, JSON.stringify(fromBomb.slice(-3))).toBeDefined();
    expect(limit?.line).toBeGreaterThan(1);
    expect(problems.filter((p) => p.file !== bomb)).toEqual([]);
    expect(growth).toBeLessThan(rssBound);
  });

  it('a 300 MB line is reported with its file and line; the lines around it and the next file are read', async () => {
    const fifo = join(dir, 'a-huge-line.jsonl');
    execFileSync('mkfifo', [fifo]);
    const next = join(dir, 'b-good.jsonl');
    await writeFile(next, jsonl(good.slice(2)));
    const pad = Buffer.alloc(MB, 'a');
    async function* huge(): AsyncGenerator<Buffer> {
      yield Buffer.from(JSON.stringify(good[0]) + '\n{"id":"huge","pad":"');
      for (let i = 0; i < 300; i++) yield pad;
      yield Buffer.from('"}\n' + JSON.stringify(good[1]) + '\n');
    }

    let read: Awaited<ReturnType<typeof readAll>> | undefined;
    const growth = await peakRssGrowth(async (sample) => {
      const writing = pipeline(Readable.from(huge()), createWriteStream(fifo));
      read = await readAll([fifo, next], sample);
      await writing;
    });
    const { records, problems } = read!;

    expect(records.map((r) => [r.file, r.line, r.audit.id])).toEqual([
      [fifo, 1, good[0]!.id],
      [fifo, 3, good[1]!.id],
      [next, 1, good[2]!.id],
      [next, 2, good[3]!.id],
      [next, 3, good[4]!.id],
    ]);
    expect(problems).toEqual([{ file: fifo, line: 2, message: expect.stringMatching(/longer than/) as string }]);
    expect(growth).toBeLessThan(rssBound);
  });

  it('a JSON array document is read item by item: a large one stays in bounds, an oversized item is named', async () => {
    const file = join(dir, 'array.json.gz');
    const item = (n: number) => JSON.stringify({ ...good[0], id: `big-${n}` }, null, 2);
    const block = Array.from({ length: 1000 }, (_, n) => `${item(n)},\n`).join('');
    const oversized = `{"id": "oversized", "pad": "${'b'.repeat(20 * MB)}"},\n`;
    // 300 blocks of 1000 pretty-printed items (~200 MB of text), one 20 MB item, then the last item.
    await writeFile(
      file,
      Buffer.concat([
        gzipMembers('[\n', block, 150),
        gzipSync(oversized),
        gzipMembers('', block, 150),
        gzipSync(`${JSON.stringify(good[1])}\n]\n`),
      ]),
    );
    const linesPerBlock = block.split('\n').length - 1;

    let count = 0;
    let last: ExportRecord | undefined;
    const problems: ExportProblem[] = [];
    const growth = await peakRssGrowth(async (sample) => {
      for await (const record of readExports([file], { onProblem: (p) => problems.push(p) })) {
        if (++count % 10_000 === 0) sample();
        last = record;
      }
    });

    expect(problems).toEqual([
      { file, line: 2 + 150 * linesPerBlock, message: expect.stringMatching(/\[150000\].*larger than/) as string },
    ]);
    expect(count).toBe(300_001);
    expect(last?.audit.id).toBe(good[1]!.id);
    expect(growth).toBeLessThan(rssBound);
  });
});

describe('hostile archive parts are bounded', () => {
  it('a line past the limit fails the part as corrupt, naming the file and line, without reading it into memory', async () => {
    const part = join(dir, 'part-0001.jsonl.gz');
    await writeFile(
      part,
      Buffer.concat([
        gzipSync(JSON.stringify(good[0]) + '\n{"id":"huge","activityDateTime":"2025-01-10T00:00:00Z","pad":"'),
        gzipMembers('', 'a'.repeat(MB), 300),
        gzipSync('"}\n'),
      ]),
    );
    const ids: string[] = [];
    let error: unknown;
    const growth = await peakRssGrowth(async () => {
      try {
        for await (const audit of readArchivePart(part)) ids.push(audit.id);
      } catch (e) {
        error = e;
      }
    });
    expect(ids).toEqual([good[0]!.id]);
    expect(error).toMatchObject({ code: 'AC_ERR_ARCHIVE_CORRUPT' });
    expect((error as Error).message).toMatch(new RegExp(`${part}.*line 2`));
    expect(growth).toBeLessThan(rssBound);
  });
});
