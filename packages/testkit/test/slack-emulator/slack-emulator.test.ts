import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from '@b2c-alerts/testkit';

const token = 'xoxb-test-token';
let slack: SlackEmulator;
beforeEach(async () => {
  slack = await SlackEmulator.start({ token });
});
afterEach(async () => {
  await slack.close();
});

function post(method: string, body: string | object, auth: string | null = token): Promise<Response> {
  const json = typeof body !== 'string';
  return fetch(`${slack.url}${method}`, {
    method: 'POST',
    headers: {
      'content-type': json ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded',
      ...(auth === null ? {} : { authorization: `Bearer ${auth}` }),
    },
    body: json ? JSON.stringify(body) : body,
  });
}

describe('SlackEmulator', () => {
  it('serves a base URL for slackApiUrl', () => {
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('records a form-encoded chat.postMessage with blocks as a JSON string', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hi &lt;' } }];
    const form = new URLSearchParams({
      channel: 'C1',
      text: 'hello',
      blocks: JSON.stringify(blocks),
      thread_ts: '1.000001',
      unfurl_links: 'false',
    });
    const res = await post('chat.postMessage', form.toString());
    const body = (await res.json()) as { ok: boolean; ts: string; channel: string };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ ok: true, channel: 'C1' });
    expect(slack.messages).toEqual([
      {
        channel: 'C1',
        text: 'hello',
        blocks,
        thread_ts: '1.000001',
        ts: body.ts,
        raw: {
          channel: 'C1',
          text: 'hello',
          blocks: JSON.stringify(blocks),
          thread_ts: '1.000001',
          unfurl_links: 'false',
        },
      },
    ]);
  });

  it('records a JSON chat.postMessage and gives each message its own ts', async () => {
    await post('chat.postMessage', { channel: 'C1', text: 'one' });
    await post('chat.postMessage', { channel: 'C1', text: 'two', blocks: [{ type: 'divider' }] });
    const [a, b] = await slack.waitForMessages(2);
    expect(a!.text).toBe('one');
    expect(b!.blocks).toEqual([{ type: 'divider' }]);
    expect(a!.ts).not.toBe(b!.ts);
  });

  it('checks the bearer token', async () => {
    expect(await (await post('auth.test', '', 'xoxb-wrong')).json()).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await (await post('auth.test', '', null)).json()).toEqual({ ok: false, error: 'not_authed' });
    expect(await (await post('auth.test', '')).json()).toMatchObject({ ok: true, user_id: 'U00000001' });
  });

  it('consumes injected faults one per request, in order', async () => {
    slack.injectFaults(
      { kind: 'rate_limited', retryAfterSeconds: 3 },
      'server_error',
      'channel_not_found',
      'invalid_auth',
    );
    const r1 = await post('chat.postMessage', { channel: 'C1', text: 'x' });
    expect(r1.status).toBe(429);
    expect(r1.headers.get('retry-after')).toBe('3');
    expect((await post('chat.postMessage', { channel: 'C1', text: 'x' })).status).toBe(500);
    expect(await (await post('chat.postMessage', { channel: 'C1', text: 'x' })).json()).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect(await (await post('chat.postMessage', { channel: 'C1', text: 'x' })).json()).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect(await (await post('chat.postMessage', { channel: 'C1', text: 'x' })).json()).toMatchObject({ ok: true });
    expect(slack.requests.map((r) => r.status)).toEqual([429, 500, 200, 200, 200]);
    expect(slack.messages).toHaveLength(1);
    expect(() => slack.injectFaults('bogus' as never)).toThrow(/Unknown Slack fault/);
  });

  it('rejects what Slack would: unknown channels, oversized blocks and texts', async () => {
    const strict = await SlackEmulator.start({ token, channels: ['C1'] });
    try {
      const call = async (body: object): Promise<unknown> =>
        (
          await fetch(`${strict.url}chat.postMessage`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify(body),
          })
        ).json();
      expect(await call({ channel: 'C2', text: 'x' })).toEqual({ ok: false, error: 'channel_not_found' });
      expect(await call({ channel: 'C1', text: 'x'.repeat(40_001) })).toEqual({ ok: false, error: 'msg_too_long' });
      expect(
        await call({ channel: 'C1', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] }),
      ).toEqual({ ok: false, error: 'invalid_blocks' });
      expect(await call({ channel: 'C1', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }] })).toEqual({
        ok: false,
        error: 'invalid_blocks',
      });
      expect(await call({ channel: 'C1', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) })).toEqual({
        ok: false,
        error: 'invalid_blocks',
      });
      expect(
        await call({
          channel: 'C1',
          blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
        }),
      ).toEqual({ ok: false, error: 'invalid_blocks' });
      expect(await call({ channel: 'C1' })).toEqual({ ok: false, error: 'no_text' });
      expect(strict.messages).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it('notifies listeners and resolves waiters on arrival', async () => {
    const seen: string[] = [];
    const off = slack.onMessage((m) => seen.push(m.text));
    const waiting = slack.waitForMessages(2);
    await post('chat.postMessage', { channel: 'C1', text: 'a' });
    off();
    await post('chat.postMessage', { channel: 'C1', text: 'b' });
    expect((await waiting).map((m) => m.text)).toEqual(['a', 'b']);
    expect(seen).toEqual(['a']);
    await expect(slack.waitForMessages(3, { timeoutMs: 1 })).rejects.toThrow(/waited for 3 messages, got 2/);
  });

  it('closes idempotently', async () => {
    await slack.close();
    await slack.close();
    await expect(post('auth.test', '')).rejects.toThrow();
  });
});
