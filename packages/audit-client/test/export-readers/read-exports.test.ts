import { execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuditClientError,
  ExportReadError,
  normalize,
  readExports,
  type DirectoryAudit,
  type ExportProblem,
  type ExportRecord,
} from '../../src/index.js';

function fixture(name: string): DirectoryAudit {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as DirectoryAudit;
}

function generated(n: number): DirectoryAudit {
  return {
    id: `B2C_GEN_${n}`,
    activityDateTime: `2025-01-10T10:0${n}:00.123456${n}Z`,
    activityDisplayName: 'Validate local account credentials',
    category: 'Authentication',
    result: n % 2 === 0 ? 'success' : 'failure',
    loggedByService: 'B2C',
    operationType: '',
    initiatedBy: { user: null, app: { appId: 'N/A', servicePrincipalName: 'client-app' } },
    additionalDetails: [
      { key: 'TenantId', value: 'contosob2c.onmicrosoft.com' },
      { key: 'ClientIpAddress', value: `198.51.100.${n}` },
    ],
  };
}

const adminEvent: DirectoryAudit = {
  id: 'B2C_3f2d9b1e-7c55-4a7e-9d3a-0b8e1f7d2c41_K2QZ8_20311457',
  category: 'KeyManagement',
  correlationId: '3f2d9b1e-7c55-4a7e-9d3a-0b8e1f7d2c41',
  result: 'success',
  resultReason: 'N/A',
  activityDisplayName: 'Delete policy key',
  activityDateTime: '2025-01-10T10:03:27.4812345Z',
  loggedByService: 'B2C',
  operationType: '',
  initiatedBy: {
    user: {
      id: '5b0c1e7a',
      displayName: null,
      userPrincipalName: 'admin@contosob2c.onmicrosoft.com',
      ipAddress: '203.0.113.24',
    },
    app: null,
  },
  targetResources: [
    {
      id: 'B2C_1A_TokenSigningKeyContainer',
      displayName: 'B2C_1A_TokenSigningKeyContainer',
      Type: 'Other',
      administrativeUnits: [],
      modifiedProperties: [{ displayName: 'KeySet', oldValue: '"B2C_1A_TokenSigningKeyContainer"', newValue: null }],
    },
  ],
  additionalDetails: [{ key: 'TenantId', value: 'contosob2c.onmicrosoft.com' }],
};

/** The same five events in every format below. */
const events: DirectoryAudit[] = [
  fixture('b2c-doc-facebook-id-token.json'),
  fixture('secops-exchange-token.json'),
  adminEvent,
  generated(4),
  generated(5),
];
const expected = events.map((e) => normalize(e));

const jsonl = (items: unknown[]) => items.map((e) => JSON.stringify(e)).join('\n') + '\n';
const page = (items: DirectoryAudit[]) => ({
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits',
  value: items,
});

/** An Azure Monitor resource-log record (common schema) around a directoryAudit, as Event Hub delivers it. */
function record(audit: DirectoryAudit, tenantId = 'c1b3f7e2-0000-4000-8000-000000000001') {
  return {
    time: audit.activityDateTime.replace('Z', '+00:00'),
    resourceId: `/tenants/${tenantId}/providers/Microsoft.aadiam`,
    operationName: audit.activityDisplayName,
    operationVersion: '1.0',
    category: 'AuditLogs',
    tenantId,
    resultSignature: 'None',
    durationMs: 0,
    callerIpAddress: '<null>',
    correlationId: audit.correlationId,
    identity: '',
    Level: 4,
    properties: { ...audit, activityDateTime: audit.activityDateTime.replace('Z', '+00:00') },
  };
}

async function readAll(paths: string[]): Promise<{ records: ExportRecord[]; problems: ExportProblem[] }> {
  const problems: ExportProblem[] = [];
  const records: ExportRecord[] = [];
  for await (const r of readExports(paths, { onProblem: (p) => problems.push(p) })) records.push(r);
  return { records, problems };
}

const normalized = (records: ExportRecord[]) => records.map((r) => normalize(r.audit, { tenant: r.tenant }));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'read-exports-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
  return path;
}

describe('readExports: every accepted shape gives the same normalized events', () => {
  it.each<[string, string, () => string | Buffer]>([
    ['a Graph page', 'page.json', () => JSON.stringify(page(events), null, 2)],
    ['a compact Graph page on one line', 'page-compact.json', () => JSON.stringify(page(events))],
    ['a JSON array', 'array.json', () => JSON.stringify(events, null, 2)],
    ['JSONL', 'events.jsonl', () => jsonl(events)],
    ['gzip JSONL', 'events.jsonl.gz', () => gzipSync(jsonl(events))],
    ['a gzip page', 'page.json.gz', () => gzipSync(JSON.stringify(page(events), null, 2))],
    [
      'multi-member gzip, detected by magic bytes without a .gz name',
      'multi-member.data',
      () =>
        Buffer.concat([
          gzipSync(jsonl(events.slice(0, 2))),
          gzipSync(jsonl(events.slice(2, 3))),
          gzipSync(jsonl(events.slice(3))),
        ]),
    ],
    ['JSONL of pages', 'pages.jsonl', () => jsonl([page(events.slice(0, 2)), page(events.slice(2))])],
    ['a plain file named .gz', 'not-really.jsonl.gz', () => jsonl(events)],
  ])('reads %s', async (_label, name, content) => {
    const file = await write(name, content());
    const { records, problems } = await readAll([file]);
    expect(problems).toEqual([]);
    expect(normalized(records)).toStrictEqual(expected);
    expect(records.every((r) => r.file === file)).toBe(true);
  });

  it('numbers JSONL records by line (CRLF endings, a BOM and blank lines included)', async () => {
    const text = '\uFEFF' + events.map((e) => JSON.stringify(e)).join('\r\n\r\n') + '\r\n';
    const file = await write('crlf.jsonl', text);
    const { records, problems } = await readAll([file]);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([1, 3, 5, 7, 9]);
    expect(normalized(records)).toStrictEqual(expected);
  });

  it('reads an Event Hub records envelope with +00:00 offsets: Z-form audits, tenant from the record', async () => {
    const envelope = { records: events.map((e) => record(e)) };
    const file = await write('eventhub.json', JSON.stringify(envelope, null, 2));
    const { records, problems } = await readAll([file]);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.audit.activityDateTime)).toEqual(events.map((e) => e.activityDateTime));
    expect(records.map((r) => r.tenant)).toEqual(events.map(() => 'c1b3f7e2-0000-4000-8000-000000000001'));
    expect(normalized(records)).toStrictEqual(expected);
  });

  it('reads Event Hub captures as JSONL of envelopes, gzipped, and a JSON array of records', async () => {
    const capture = await write(
      'capture.jsonl.gz',
      gzipSync(
        jsonl([
          { records: events.slice(0, 3).map((e) => record(e)) },
          { records: events.slice(3).map((e) => record(e)) },
        ]),
      ),
    );
    const array = await write('records.json', JSON.stringify(events.map((e) => record(e))));
    const { records, problems } = await readAll([capture, array]);
    expect(problems).toEqual([]);
    // A one-line document is a JSONL file of one line, so its records carry line 1.
    expect(records.map((r) => r.line)).toEqual([1, 1, 1, 2, 2, 1, 1, 1, 1, 1]);
    expect(normalized(records)).toStrictEqual([...expected, ...expected]);
  });

  it('uses the record time when properties has no activityDateTime, and the audit tenant detail still wins', async () => {
    const { activityDateTime: _dropped, ...withoutTime } = events[0] as DirectoryAudit;
    const file = await write(
      'eventhub.jsonl',
      jsonl([{ ...record(events[0] as DirectoryAudit, 'record-tenant'), properties: withoutTime }]),
    );
    const { records, problems } = await readAll([file]);
    expect(problems).toEqual([]);
    expect(records[0]?.tenant).toBe('record-tenant');
    expect(normalized(records)).toStrictEqual([expected[0]]);
  });

  it('walks a directory of mixed files recursively, sorted by path, skipping dotfiles and .tmp', async () => {
    await write('export/2025-01-11/part-b.jsonl.gz', gzipSync(jsonl(events.slice(3))));
    await write('export/2025-01-10/part-a.json', JSON.stringify(page(events.slice(0, 2))));
    await write('export/2025-01-10/z-records.json', JSON.stringify({ records: [record(events[2] as DirectoryAudit)] }));
    await write('export/.export-state.json', '{"version":1,"tenant":"t","watermark":0}');
    await write('export/.hidden/part.jsonl', jsonl(events));
    await write('export/2025-01-11/part-c.jsonl.gz.tmp', 'half written {');
    const { records, problems } = await readAll([join(dir, 'export')]);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.file)).toEqual([
      join(dir, 'export/2025-01-10/part-a.json'),
      join(dir, 'export/2025-01-10/part-a.json'),
      join(dir, 'export/2025-01-10/z-records.json'),
      join(dir, 'export/2025-01-11/part-b.jsonl.gz'),
      join(dir, 'export/2025-01-11/part-b.jsonl.gz'),
    ]);
    expect(normalized(records)).toStrictEqual(expected);
  });

  it('streams JSONL: a record is yielded while the rest of the file is still being written', async () => {
    const fifo = join(dir, 'live.jsonl');
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    writer.write(JSON.stringify(events[0]) + '\n');
    const reader = readExports([fifo]);
    const first = await reader.next();
    expect(first.done).toBe(false);
    expect(first.value && normalize(first.value.audit)).toStrictEqual(expected[0]);
    writer.end(JSON.stringify(events[1]) + '\n');
    const second = await reader.next();
    expect(second.value?.line).toBe(2);
    expect((await reader.next()).done).toBe(true);
  });
});

describe('readExports: bad input is reported with its place and skipped, never silently', () => {
  it('reports bad JSONL lines with file and line and reads the rest', async () => {
    const file = await write(
      'mixed.jsonl',
      [
        JSON.stringify(events[0]),
        '{"id": "B2C_broken", "activityDateTime": ',
        JSON.stringify(events[1]),
        JSON.stringify({ activityDateTime: '2025-01-10T10:00:00Z', category: 'Authentication' }),
        JSON.stringify({ id: 'B2C_NO_TIME' }),
        JSON.stringify({ id: 'B2C_BAD_TIME', activityDateTime: 'last tuesday' }),
        '42',
        '',
        JSON.stringify(events[2]),
      ].join('\n'),
    );
    const { records, problems } = await readAll([file]);
    expect(normalized(records)).toStrictEqual(expected.slice(0, 3));
    expect(records.map((r) => r.line)).toEqual([1, 3, 9]);
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      [file, 2],
      [file, 4],
      [file, 5],
      [file, 6],
      [file, 7],
    ]);
    expect(problems[0]?.message).toMatch(/invalid JSON line/);
    expect(problems[1]?.message).toMatch(/missing id/);
    expect(problems[2]?.message).toMatch(/B2C_NO_TIME has no activityDateTime/);
    expect(problems[3]?.message).toMatch(/not an ISO date-time/);
    expect(problems[4]?.message).toMatch(/not a directoryAudit/);
  });

  it('reads JSONL whose first line is broken', async () => {
    const file = await write(
      'first-broken.jsonl',
      ['{"id": "B2C_cut", "activ', ...events.map((e) => JSON.stringify(e))].join('\n'),
    );
    const { records, problems } = await readAll([file]);
    expect(normalized(records)).toStrictEqual(expected);
    expect(problems).toEqual([{ file, line: 1, message: expect.stringMatching(/invalid JSON line/) }]);
  });

  it('reports items of a document that are no directoryAudit by their place in it', async () => {
    const file = await write(
      'page.json',
      JSON.stringify(page([events[0] as DirectoryAudit, { foo: 1 } as never, events[1] as DirectoryAudit]), null, 2),
    );
    const { records, problems } = await readAll([file]);
    expect(normalized(records)).toStrictEqual(expected.slice(0, 2));
    expect(problems).toEqual([{ file, message: 'value[1]: not a directoryAudit: missing id' }]);
  });

  it('reports Azure Monitor records of other log categories instead of taking them for audits', async () => {
    const signIn = {
      ...record(events[0] as DirectoryAudit),
      category: 'SignInLogs',
      properties: { id: 'signin-1', createdDateTime: '2025-01-10T10:00:00Z' },
    };
    const file = await write(
      'eventhub.json',
      JSON.stringify({ records: [signIn, record(events[1] as DirectoryAudit)] }, null, 2),
    );
    const { records, problems } = await readAll([file]);
    expect(normalized(records)).toStrictEqual([expected[1]]);
    expect(problems).toEqual([
      { file, message: expect.stringMatching(/^records\[0\]: .*"SignInLogs", not AuditLogs/) },
    ]);
  });

  it('reports bad files (corrupt gzip, invalid document, missing path) and still reads the good ones', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ ...events[3], id: `B2C_MANY_${i}` }));
    const gz = gzipSync(jsonl(many));
    const corrupt = await write('in/a-corrupt.jsonl.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const invalid = await write('in/b-invalid.json', '{\n  "value": [\n    {"id": "x",\n  ]\n}\n');
    const garbage = await write('in/c-garbage.json', Buffer.from([0x00, 0x01, 0x02, 0x0a, 0xff, 0xfe]));
    const good = await write('in/d-good.jsonl', jsonl(events));
    const missing = join(dir, 'nope.jsonl');
    const { records, problems } = await readAll([join(dir, 'in'), missing]);

    expect(normalized(records.filter((r) => r.file === good))).toStrictEqual(expected);
    const fromCorrupt = records.filter((r) => r.file === corrupt);
    expect(fromCorrupt.length).toBeLessThan(2000);
    expect(fromCorrupt.map((r) => r.audit.id)).toEqual(many.slice(0, fromCorrupt.length).map((e) => e.id));

    expect(problems.map((p) => p.file)).toEqual([missing, corrupt, invalid, garbage]);
    expect(problems[0]?.message).toMatch(/cannot read .*ENOENT/);
    expect(problems[1]?.message).toMatch(/truncated or not valid gzip/);
    expect(problems[1]?.line).toBe(fromCorrupt.length + 1);
    expect(problems[2]).toEqual({ file: invalid, line: 4, message: expect.stringMatching(/invalid JSON document/) });
    expect(problems[3]?.message).toMatch(/invalid JSON document/);
  });
});

describe('readExports without onProblem', () => {
  it('yields every good record, then throws one AC_ERR_EXPORT_READ listing the problems', async () => {
    const file = await write(
      'bad.jsonl',
      [JSON.stringify(events[0]), 'not json', JSON.stringify(events[1])].join('\n'),
    );
    const missing = join(dir, 'missing.json');
    const seen: ExportRecord[] = [];
    let thrown: unknown;
    try {
      for await (const r of readExports([file, missing])) seen.push(r);
    } catch (error) {
      thrown = error;
    }
    expect(normalized(seen)).toStrictEqual(expected.slice(0, 2));
    expect(thrown).toBeInstanceOf(ExportReadError);
    expect(thrown).toBeInstanceOf(AuditClientError);
    const error = thrown as ExportReadError;
    expect(error.code).toBe('AC_ERR_EXPORT_READ');
    expect(error.name).toBe('ExportReadError');
    expect(error.problems.map((p) => [p.file, p.line])).toEqual([
      [missing, undefined],
      [file, 2],
    ]);
    expect(error.message).toContain(`${file}:2: invalid JSON line`);
    expect(error.message).toContain(missing);
    expect(error.message).toMatch(/onProblem/);
  });

  it('lists the first 20 problems in the message and keeps all of them on the error', async () => {
    const file = await write('bad.jsonl', Array.from({ length: 25 }, (_, i) => `{"n": ${i}}`).join('\n'));
    let error: ExportReadError | undefined;
    try {
      for await (const _ of readExports([file])) throw new Error('nothing here is an audit');
    } catch (e) {
      error = e as ExportReadError;
    }
    expect(error).toBeInstanceOf(ExportReadError);
    if (!error) return;
    expect(error.problems).toHaveLength(25);
    expect(error.message).toContain(`${file}:20:`);
    expect(error.message).not.toContain(`${file}:21:`);
    expect(error.message).toContain('and 5 more');
  });
});
