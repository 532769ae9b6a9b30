// The audit-log explorer over an archive (issue 9): a generated 30-day archive (1M events; set
// BENCH_INVESTIGATE_EVENTS=10000000 for the size), its index built, then the queries an analyst
// runs, each against the same query answered by scanning the raw parts (the baseline: zcat and jq).
// Targets at 10M: first page and count <= 1 s, CSV >= 200k rows/s, build >= 100k events/s, index
// <= 60 % of the archive, RSS <= 512 MB.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  countEvents,
  csvFields,
  csvProjection,
  csvRecord,
  DuckDbEngine,
  EventSearch,
  indexArchive,
  maxQueryRows,
  queryEvents,
  resolveFilter,
} from '@b2c-alerts/investigate';
import { fmt, perSecond, report } from '../lib.mjs';

const count = Number(process.env.BENCH_INVESTIGATE_EVENTS ?? 1_000_000);
const days = 30;
const end = Date.parse('2026-11-01T00:00:00Z');
const now = end + 3_600_000; // every day closed
const label = `${fmt(count)} events, ${days} days`;
const dir = await mkdtemp(join(tmpdir(), 'bench-investigate-'));
const made = spawnSync(
  process.execPath,
  [
    ...process.execArgv,
    fileURLToPath(new URL('../make-day-archive.mjs', import.meta.url)),
    dir,
    String(count),
    String(days),
    new Date(end).toISOString(),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
);
if (made.status !== 0) throw new Error('could not make the archive');
const events = JSON.parse(made.stdout).events;

async function sizeOf(path, accept) {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && accept(entry.name))
      total += (await stat(join(entry.parentPath ?? entry.path, entry.name))).size;
  }
  return total;
}
const ms = (t) => Math.round(performance.now() - t);
/** Peak RSS so far in MB: taken after each stage, it says which stage set the peak. */
const peak = () => Math.round(process.resourceUsage().maxRSS / 1024);

try {
  const archiveBytes = await sizeOf(dir, (n) => n.endsWith('.jsonl.gz'));
  let t = performance.now();
  const engineOptions = { tempDir: join(dir, '.spill') };
  // The engine makes its private spill directory inside this one, which must exist.
  await mkdir(engineOptions.tempDir);
  const built = await indexArchive({ archiveDir: dir, now: () => now, engine: engineOptions });
  const buildMs = ms(t);
  const buildRss = peak();
  const skipped = built.built.flatMap((m) => m.skipped);
  if (skipped.length > 0) throw new Error(`the index build skipped parts: ${JSON.stringify(skipped.slice(0, 3))}`);
  const indexBytes = await sizeOf(join(dir, '.index'), (n) => n.endsWith('.parquet'));
  report({
    case: `investigate: index build, ${label}`,
    metric: 'events/s',
    value: fmt(perSecond(built.rows, buildMs)),
    note: `${(buildMs / 1000).toFixed(1)} s, ${built.built.length} days; peak RSS after it ${buildRss} MB`,
  });
  report({
    case: `investigate: index size, ${label}`,
    metric: '% of gzip archive',
    value: ((100 * indexBytes) / archiveBytes).toFixed(1),
    note: `${(indexBytes / 1e6).toFixed(1)} MB Parquet vs ${(archiveBytes / 1e6).toFixed(1)} MB gzip JSONL`,
  });

  const engine = await DuckDbEngine.open(engineOptions);
  const filter = (f) => resolveFilter(f, { now });
  const base = { archiveDir: dir, engine, now, timeoutMs: 600_000 };
  const firstPage = { activity: 'Validate local account credentials', result: 'failure' };
  // A consumer's sign-in name: free text finds it in the LocalAccountUsername detail.
  const sample = (
    await queryEvents({
      ...base,
      filter: filter({ activity: 'Validate local account credentials', since: '2026-10-15' }),
      limit: 1,
    })
  ).rows[0];
  const needle = sample.details.find((d) => d.key === 'LocalAccountUsername')?.value ?? sample.id;

  const queries = async () => {
    const out = {};
    let t0 = performance.now();
    const page = await queryEvents({ ...base, filter: filter(firstPage), limit: 50 });
    out.page = { ms: ms(t0), rows: page.rows.length, raw: page.sources.rawDays.length, rss: peak() };
    t0 = performance.now();
    const counted = await countEvents({ ...base, filter: filter({}), by: 'activity' });
    out.count = { ms: ms(t0), total: counted.total, groups: counted.groups.length, rss: peak() };
    t0 = performance.now();
    const text = await queryEvents({ ...base, filter: filter({ text: needle }), limit: 50 });
    out.text = { ms: ms(t0), rows: text.rows.length, rss: peak() };
    return out;
  };
  const indexed = await queries();
  // The CSV export as the CLI makes it (search.project(csvProjection): indexed days rendered from a
  // narrow JSON array per row), against the path it replaced (every column as an EventRow, then
  // csvFields and csvRecord), in alternation so that both see the same machine; best of each. CPU time
  // (the engine's threads included) is the steadier figure on a shared machine.
  const exportCsv = async (projected) => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let rows = 0;
    let bytes = 0;
    const search = new EventSearch({ ...base, filter: filter({}), limit: Math.min(events, maxQueryRows) });
    if (projected) {
      for await (const records of search.project(csvProjection)) {
        bytes += records.join('').length;
        rows += records.length;
      }
    } else {
      for await (const batch of search.batches()) {
        bytes += batch.map((row) => csvRecord(csvFields(row))).join('').length;
        rows += batch.length;
      }
    }
    const cpu = process.cpuUsage(cpu0);
    return { rows, bytes, ms: ms(t0), cpuUs: cpu.user + cpu.system };
  };
  const csvRuns = { before: [], after: [] };
  for (let rep = 0; rep < 2; rep++) {
    csvRuns.before.push(await exportCsv(false));
    csvRuns.after.push(await exportCsv(true));
  }
  const best = (runs) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const csvBefore = best(csvRuns.before);
  const cpuPerRow = (runs) => (Math.min(...runs.map((r) => r.cpuUs)) / runs[0].rows).toFixed(1);
  const { rows: csvRows, bytes: csvBytes, ms: csvMs } = best(csvRuns.after);
  if (csvBefore.rows !== csvRows || csvBefore.bytes !== csvBytes)
    throw new Error(`CSV differs: ${csvRows} rows, ${csvBytes} chars; before ${csvBefore.rows}, ${csvBefore.bytes}`);
  const csvRss = peak();
  engine.close();

  // The baseline: the same queries with no index, every day read from its raw parts.
  await rename(join(dir, '.index'), join(dir, '.index-aside'));
  const rawEngine = await DuckDbEngine.open(engineOptions);
  const rawBase = { ...base, engine: rawEngine };
  t = performance.now();
  const rawPage = await queryEvents({ ...rawBase, filter: filter(firstPage), limit: 50 });
  const rawPageMs = ms(t);
  t = performance.now();
  const rawCount = await countEvents({ ...rawBase, filter: filter({}), by: 'activity' });
  const rawCountMs = ms(t);
  rawEngine.close();
  if (rawCount.total !== indexed.count.total)
    throw new Error(`count differs: index ${indexed.count.total}, raw ${rawCount.total}`);
  if (rawPage.rows.length !== indexed.page.rows) throw new Error('first page differs');

  report({
    case: `investigate: first page (50, newest first, activity + result), ${label}`,
    metric: 'ms',
    value: fmt(indexed.page.ms),
    note: `raw parts: ${fmt(rawPageMs)} ms; peak RSS after it ${indexed.page.rss} MB`,
  });
  report({
    case: `investigate: count by activity, ${label}`,
    metric: 'ms',
    value: fmt(indexed.count.ms),
    note: `${fmt(indexed.count.total)} events, ${indexed.count.groups} activities; raw parts: ${fmt(rawCountMs)} ms (${fmt(perSecond(rawCount.total, rawCountMs))} events/s); peak RSS after it ${indexed.count.rss} MB`,
  });
  report({
    case: `investigate: free-text search (50), ${label}`,
    metric: 'ms',
    value: fmt(indexed.text.ms),
    note: `${indexed.text.rows} rows; peak RSS after it ${indexed.text.rss} MB`,
  });
  report({
    case: `investigate: CSV export, ${label}`,
    metric: 'rows/s',
    value: fmt(perSecond(csvRows, csvMs)),
    note: `${fmt(csvRows)} rows, ${(csvBytes / 1e6).toFixed(0)} MB, ${(csvMs / 1000).toFixed(1)} s (best of ${csvRuns.after.length}); before (EventRow then csvFields): ${fmt(perSecond(csvRows, csvBefore.ms))} rows/s, so ×${(csvBefore.ms / csvMs).toFixed(2)}; CPU a row ${cpuPerRow(csvRuns.after)} µs, before ${cpuPerRow(csvRuns.before)} µs; peak RSS after it ${csvRss} MB`,
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}
