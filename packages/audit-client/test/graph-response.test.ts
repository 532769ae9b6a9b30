import { describe, expect, it } from 'vitest';
import { classifyGraphResponse } from '../src/graph-response.js';

const now = Date.parse('2026-01-01T00:00:00Z');
const page = (value: unknown[], next?: string) => JSON.stringify({ value, ...(next ? { '@odata.nextLink': next } : {}) });
const record = { id: 'a', activityDateTime: '2026-01-01T00:00:00.1234567Z' };

describe('classifyGraphResponse', () => {
  it('accepts a page, empty or not', () => {
    expect(classifyGraphResponse(200, null, page([record], 'https://g/next'), now)).toEqual({
      kind: 'page',
      page: { value: [record], '@odata.nextLink': 'https://g/next' },
    });
    expect(classifyGraphResponse(200, null, page([]), now)).toEqual({ kind: 'page', page: { value: [] } });
  });

  it('retries 429 with and without Retry-After', () => {
    expect(classifyGraphResponse(429, '30', '{"error":{"code":"TooManyRequests","message":"slow down"}}', now)).toEqual({
      kind: 'retry',
      status: 429,
      retryAfterMs: 30_000,
      reason: 'HTTP 429 (throttled): TooManyRequests: slow down',
    });
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
    [JSON.stringify({ value: [{ activityDateTime: 'x' }] }), 'lacking id'],
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
        message: "Specified argument was out of the range of valid values. (Parameter 'Minimum allowed time for activityDateTime is 2/5/2023 12:00:00 AM')",
      },
    });
    expect(classifyGraphResponse(400, null, body, now)).toMatchObject({ kind: 'retention', floor: Date.parse('2023-02-05T00:00:00Z') });
  });

  it('passes other 4xx through with Graph’s message', () => {
    const body = JSON.stringify({ error: { code: 'BadRequest', message: "Invalid filter clause: Could not find a property named 'createdDateTime'" } });
    expect(classifyGraphResponse(400, null, body, now)).toEqual({
      kind: 'http-error',
      status: 400,
      graphMessage: "BadRequest: Invalid filter clause: Could not find a property named 'createdDateTime'",
    });
    expect(classifyGraphResponse(401, null, '{"error":{"code":"InvalidAuthenticationToken","message":"expired"}}', now)).toMatchObject({ kind: 'unauthorized' });
    expect(classifyGraphResponse(403, null, '{"error":{"code":"Authorization_RequestDenied","message":"no"}}', now)).toMatchObject({
      kind: 'forbidden',
      graphMessage: 'Authorization_RequestDenied: no',
    });
  });
});
