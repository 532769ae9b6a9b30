import { describe, expect, it } from 'vitest';
import { classifyGraphResponse } from '../../src/graph/graph-response.js';

const now = Date.parse('2026-01-01T00:00:00Z');
const page = (value: unknown[], next?: string) =>
  JSON.stringify({ value, ...(next ? { '@odata.nextLink': next } : {}) });
const record = { id: 'a', activityDateTime: '2026-01-01T00:00:00.1234567Z' };

describe('classifyGraphResponse', () => {
  it('accepts a page, empty or not', () => {
    expect(classifyGraphResponse(200, null, page([record], 'https://g/next'), now)).toEqual({
      kind: 'page',
      page: { value: [record], '@odata.nextLink': 'https://g/next' },
      rejected: [],
    });
    expect(classifyGraphResponse(200, null, page([]), now)).toEqual({
      kind: 'page',
      page: { value: [] },
      rejected: [],
    });
  });

  it('keeps the good records of a page and sets aside each one without an id or a valid activityDateTime', () => {
    const good = [
      record,
      { id: 'b', activityDateTime: '2026-01-01T01:00:00+00:00' },
      { id: 'c', activityDateTime: '2026-01-01T00:00:00Z' },
    ];
    const bad = [
      { activityDateTime: '2026-01-01T00:00:00Z' },
      { id: '', activityDateTime: '2026-01-01T00:00:00Z' },
      { id: 'no-time' },
      { id: 'text', activityDateTime: 'yesterday' },
      { id: 'feb-30', activityDateTime: '2026-02-30T00:00:00Z' },
      { id: 'hour-25', activityDateTime: '2026-01-01T25:00:00.1234567Z' },
      { id: 'us', activityDateTime: '1/1/2026 12:00:00 AM' },
      'a string',
      null,
    ];
    const outcome = classifyGraphResponse(
      200,
      null,
      page([bad[0], good[0], ...bad.slice(1, 5), good[1], ...bad.slice(5), good[2]], 'https://g/next'),
      now,
    );
    expect(outcome.kind).toBe('page');
    if (outcome.kind !== 'page') return;
    expect(outcome.page.value).toEqual(good);
    expect(outcome.page['@odata.nextLink']).toBe('https://g/next');
    expect(outcome.rejected.map((r) => r.record)).toEqual(bad);
    expect(outcome.rejected.map((r) => r.reason)).toEqual([
      'the record has no id',
      'the record has no id',
      'record "no-time" has no activityDateTime',
      'record "text" has activityDateTime "yesterday", which is not an ISO-8601 date-time',
      'record "feb-30" has activityDateTime "2026-02-30T00:00:00Z", which is not an ISO-8601 date-time',
      'record "hour-25" has activityDateTime "2026-01-01T25:00:00.1234567Z", which is not an ISO-8601 date-time',
      'record "us" has activityDateTime "1/1/2026 12:00:00 AM", which is not an ISO-8601 date-time',
      'the record is not a JSON object',
      'the record is not a JSON object',
    ]);
  });

  it('keeps the start of a body that is neither a page nor a Graph error, for the quarantine', () => {
    const html = '<!DOCTYPE html><html><body>Service Unavailable</body></html>';
    expect(classifyGraphResponse(502, null, html, now)).toMatchObject({ kind: 'retry', status: 502, body: html });
    expect(
      classifyGraphResponse(503, null, '{"error":{"code":"ServiceUnavailable","message":"later"}}', now),
    ).not.toHaveProperty('body');
    const truncated = classifyGraphResponse(
      200,
      null,
      `{"value":[${'{"id":"é","activityDateTime":"2026-01-01T00:00:00Z"},'.repeat(3000)}`,
      now,
    );
    expect(truncated).toMatchObject({ kind: 'retry', reason: 'HTTP 200 with invalid or truncated JSON' });
    const body = truncated.kind === 'retry' ? truncated.body! : '';
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.byteLength(body, 'utf8')).toBeGreaterThan(64 * 1024 - 4);
    expect(body.startsWith('{"value":[{"id":"é"')).toBe(true);
  });

  it('retries 429 with and without Retry-After', () => {
    expect(classifyGraphResponse(429, '30', '{"error":{"code":"TooManyRequests","message":"slow down"}}', now)).toEqual(
      {
        kind: 'retry',
        status: 429,
        retryAfterMs: 30_000,
        reason: 'HTTP 429 (throttled): TooManyRequests: slow down',
      },
    );
    const bare = classifyGraphResponse(429, null, '', now);
    expect(bare).toMatchObject({ kind: 'retry', status: 429 });
    expect(bare).not.toHaveProperty('retryAfterMs');
  });

  it.each([500, 502, 503, 504, 408])('retries HTTP %i', (status) => {
    expect(classifyGraphResponse(status, null, '<html>gateway</html>', now)).toMatchObject({ kind: 'retry', status });
  });

  it.each([
    ['<!DOCTYPE html><html><body>Service Unavailable</body></html>', 'HTML'],
    ['{"value":[{"id":"a","activityDateTime":"2026-01-01T00:00:00Z"},{"id":"b","act', 'truncated'],
    ['', 'empty'],
    ['{"error":"odd"}', '"value"'],
    ['null', '"value"'],
    [JSON.stringify({ value: [], '@odata.nextLink': 5 }), 'nextLink'],
  ])('retries a 200 whose body is not a page: %s', (body, reason) => {
    const outcome = classifyGraphResponse(200, null, body, now);
    expect(outcome.kind).toBe('retry');
    expect(outcome.kind === 'retry' && outcome.reason).toContain(reason);
  });

  it('recognises the retention 400 and reads its floor', () => {
    const body = JSON.stringify({
      error: {
        code: 'UnknownError',
        message:
          "Specified argument was out of the range of valid values. (Parameter 'Minimum allowed time for activityDateTime is 2/5/2023 12:00:00 AM')",
      },
    });
    expect(classifyGraphResponse(400, null, body, now)).toMatchObject({
      kind: 'retention',
      floor: Date.parse('2023-02-05T00:00:00Z'),
    });
  });

  it('passes other 4xx through with Graph’s message', () => {
    const body = JSON.stringify({
      error: {
        code: 'BadRequest',
        message: "Invalid filter clause: Could not find a property named 'createdDateTime'",
      },
    });
    expect(classifyGraphResponse(400, null, body, now)).toEqual({
      kind: 'http-error',
      status: 400,
      graphMessage: "BadRequest: Invalid filter clause: Could not find a property named 'createdDateTime'",
    });
    expect(
      classifyGraphResponse(401, null, '{"error":{"code":"InvalidAuthenticationToken","message":"expired"}}', now),
    ).toMatchObject({ kind: 'unauthorized' });
    expect(
      classifyGraphResponse(403, null, '{"error":{"code":"Authorization_RequestDenied","message":"no"}}', now),
    ).toMatchObject({
      kind: 'forbidden',
      graphMessage: 'Authorization_RequestDenied: no',
    });
  });
});
