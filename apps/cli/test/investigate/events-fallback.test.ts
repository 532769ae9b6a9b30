import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ArchiveWriter } from '@b2c-alerts/audit-client';
import { dayMs, generatedArchive, investigationEvents, type GeneratedArchive } from '@b2c-alerts/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAt } from '../helpers/run-cli-at.js';

const start = Date.parse('2026-05-01T00:00:00Z');
const now = start + 3 * dayMs + 3_600_000;
let archive: GeneratedArchive;

/** Every matching event id from a JSONL answer, with the command's stderr and exit status. */
async function answer(...args: string[]) {
  const out = await runAt(now, ['events', '--archive', archive.dir, '--format', 'jsonl', '--limit', '100000', ...args]);
  const ids = out.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);
  return { ...out, ids };
}

/** What the archive holds for a filter, newest first, from the generator's own records. */
function expected(day: string): string[] {
  return archive.events
    .filter(
      (e) =>
        e.activityDateTime.startsWith(day) || new Date(Date.parse(e.activityDateTime)).toISOString().startsWith(day),
    )
    .sort((a, b) => Date.parse(b.activityDateTime) - Date.parse(a.activityDateTime) || (a.id < b.id ? 1 : -1))
    .map((e) => e.id);
}

beforeEach(async () => {
  archive = await generatedArchive({ start, days: 3, eventsPerHour: 60 });
  const indexed = await runAt(now, ['archive', 'index', '--archive', archive.dir]);
  expect(indexed.code).toBe(0);
});

afterEach(async () => {
  await archive?.remove();
});

describe('events when the index cannot answer', () => {
  it('answers from the raw parts of a day that got a part after indexing, says so, and an index run brings it back', async () => {
    const late = investigationEvents('2026-05-02');
    await new ArchiveWriter({ dir: archive.dir }).write(late);
    const out = await answer('--since', '2026-05-02', '--until', '2026-05-02T23:59:59.999Z');
    expect(out.code).toBe(0);
    expect(out.stderr).toContain(
      'notice: 2026-05-02 answered from its raw parts (parts added or changed since it was indexed).',
    );
    expect(out.stderr).toContain('run `b2c-alerts archive index --archive DIR`');
    const all = [...archive.events, ...late];
    const day = all
      .filter((e) => new Date(Date.parse(e.activityDateTime)).toISOString().startsWith('2026-05-02'))
      .sort((a, b) => Date.parse(b.activityDateTime) - Date.parse(a.activityDateTime) || (a.id < b.id ? 1 : -1));
    expect(out.ids).toEqual(day.map((e) => e.id));

    const reindexed = await runAt(now, ['archive', 'index', '--archive', archive.dir]);
    expect(reindexed.stdout).toMatch(/^Indexed 1 day .* 2 already current;/);
    const again = await answer('--since', '2026-05-02', '--until', '2026-05-02T23:59:59.999Z');
    expect(again.stderr).toBe('');
    expect(again.ids).toEqual(out.ids);
  });

  it('answers from the raw parts of a day whose index file is damaged, and says so', async () => {
    const indexDir = join(archive.dir, '.index');
    const file = (await readdir(indexDir)).find((n) => n.startsWith('2026-05-01.') && n.endsWith('.parquet'))!;
    const bytes = await readFile(join(indexDir, file));
    // Same size (the manifest's check passes), broken pages: only reading it finds out.
    bytes.fill(0x42, 4, bytes.length - 8);
    await writeFile(join(indexDir, file), bytes);
    const out = await answer('--until', '2026-05-01T23:59:59.999Z');
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('notice: 2026-05-01 answered from its raw parts (its index file is unreadable).');
    expect(out.ids).toEqual(expected('2026-05-01'));
  });

  it('names a corrupt gzip part, skips it and answers from the rest', async () => {
    const dayDir = join(archive.dir, '2026-05-02');
    const parts = (await readdir(dayDir)).sort();
    const broken = join(dayDir, parts[1]!);
    const whole = await readFile(broken);
    await writeFile(broken, whole.subarray(0, Math.floor(whole.length / 2)));
    // A part that is not gzip at all, on a day not indexed yet.
    await writeFile(
      join(archive.dir, '2026-05-04', 'part-20260504T000000Z-0badf00d.jsonl.gz').replace('2026-05-04/', '2026-05-03/'),
      gzipSync('not json\n').subarray(0, 5),
    );

    const out = await answer('--since', '2026-05-02');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`warning: skipped ${broken}: Archive part ${broken} is unreadable`);
    expect(out.stderr).toContain('part-20260504T000000Z-0badf00d.jsonl.gz');
    expect(out.stderr).toMatch(
      /b2c-alerts: 2 unreadable parts were skipped \(above\); the \d+ results cover the rest of the archive\.\n$/,
    );
    const brokenIds = new Set<string>();
    for (const line of (await import('node:zlib')).gunzipSync(whole).toString().split('\n').filter(Boolean)) {
      brokenIds.add((JSON.parse(line) as { id: string }).id);
    }
    const rest = [...expected('2026-05-03'), ...expected('2026-05-02')].filter((id) => !brokenIds.has(id));
    expect(out.ids).toEqual(rest);

    // The index build leaves the same part out, names it, and the answer does not change.
    const indexed = await runAt(now, ['archive', 'index', '--archive', archive.dir]);
    expect(indexed.code).toBe(1);
    expect(indexed.stderr).toContain(`warning: skipped ${broken}: Archive part ${broken} is unreadable`);
    const fromIndex = await answer('--since', '2026-05-02');
    expect(fromIndex.ids).toEqual(rest);
    expect(fromIndex.stderr).toContain(`warning: skipped ${broken}`);
    expect(fromIndex.stderr).not.toContain('answered from its raw parts');
  });
});
