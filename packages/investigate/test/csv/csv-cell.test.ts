import { describe, expect, it } from 'vitest';
import { csvCell, csvFields, csvHeader, csvRecord, detailColumns, type EventRow } from '../../src/index.js';

// The export's fast paths (a char-code check for formulas, one pass over the details) must keep every byte.
describe('csvCell', () => {
  it('neutralises each formula start and nothing else', () => {
    for (const start of ['=', '+', '-', '@', '\t']) expect(csvCell(`${start}1`)).toBe(`'${start}1`);
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    for (const plain of ['1-2', 'a=b', '#x', "'x", ' =x']) expect(csvCell(plain)).toBe(plain);
  });

  it('quotes by RFC 4180 only when a comma, quote, CR or LF is held', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('-a,"b"')).toBe(`"'-a,""b"""`);
    expect(csvCell('a;b\tc')).toBe('a;b\tc');
    expect([null, undefined, ''].map(csvCell)).toEqual(['', '', '']);
  });

  it('ends a record with CRLF, an empty one too', () => {
    expect(csvRecord(['a', null, '=b', 'c,d'])).toBe(`a,,'=b,"c,d"\r\n`);
    expect(csvRecord([])).toBe('\r\n');
  });
});

describe('csvFields', () => {
  it('gives a detail column the first detail of its key and the rest, in order, to the last column', () => {
    const row: EventRow = {
      id: 'e1',
      timeUs: 1_790_000_000_123_456,
      category: 'ApplicationManagement',
      categoryRaw: null,
      activity: 'Update application',
      result: 'success',
      resultReason: null,
      service: 'Core Directory',
      operationType: null,
      correlationId: 'c1',
      userAgent: null,
      actorType: 'user',
      actorId: 'u1',
      actorUpn: null,
      actorName: null,
      actorAppId: null,
      actorSpn: null,
      actorIp: null,
      ip: null,
      ipKey: null,
      policyId: null,
      appId: null,
      details: [
        { key: 'Zeta', value: 'z' },
        { key: 'PolicyId', value: 'first' },
        { key: 'TenantId', value: '' },
        { key: 'PolicyId', value: 'second' },
        { key: 'TenantId', value: 't' },
        { key: 'Alpha', value: 'a' },
      ],
      targets: [],
      part: 'p1',
    };
    const fields = csvFields(row);
    expect(fields).toHaveLength(csvHeader.length);
    const at = (column: string) => fields[csvHeader.indexOf(column)];
    expect(at('PolicyId')).toBe('first');
    expect(at('TenantId')).toBe('');
    expect(at('AppId')).toBeNull();
    expect(at('Other additional details')).toBe('[["Zeta","z"],["Alpha","a"]]');
    expect(detailColumns.every((c) => csvHeader.includes(c))).toBe(true);
  });
});
