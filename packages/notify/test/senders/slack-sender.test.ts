import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackSender, isNotifyError, type NotifyError } from '@b2c-alerts/notify';
import { SlackEmulator } from '@b2c-alerts/testkit';
import { hugeHostileAlert, smallHostileAlert } from '../helpers/hostile-alert.js';
import { allStrings, recordingLogger } from '../helpers/payload-walk.js';

const token = 'xoxb-1111-2222-SECRETsecretSECRET';
const wj = '\u2060';

let slack: SlackEmulator;
beforeEach(async () => {
  slack = await SlackEmulator.start({ token, channels: ['C0SECURITY'] });
});
afterEach(async () => {
  await slack.close();
});

async function sendError(sender: SlackSender, channel = 'C0SECURITY'): Promise<NotifyError> {
  const error = await sender.send({ alert: smallHostileAlert(), channel }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isNotifyError(error)).toBe(true);
  return error as NotifyError;
}

function expectNoSecret(error: unknown, logged: unknown[]): void {
  expect(String(error)).not.toContain(token);
  expect(inspect(error, { depth: 20, showHidden: true })).not.toContain(token);
  expect(inspect(logged, { depth: 20 })).not.toContain(token);
}

describe('SlackSender → SlackEmulator', () => {
  it('posts the exact escaped payload of a hostile alert', async () => {
    const sender = new SlackSender({ token, apiUrl: slack.url });
    const result = await sender.send({ alert: smallHostileAlert(), channel: 'C0SECURITY' });
    const [message] = await slack.waitForMessages(1);

    expect(result).toEqual({ channel: 'C0SECURITY', ts: message!.ts });
    expect(message!.raw.unfurl_links).toBe('false');
    expect(message!.raw.unfurl_media).toBe('false');
    expect(message!.thread_ts).toBeUndefined();
    expect(message!.text).toBe(
      ':rotating_light: [CRITICAL] Policy key deleted — *Who:* eve@contoso.example &lt;@U123ABC&gt;, ' +
        '*Did:* Delete policy key &lt;!channel&gt;, *Target:* B2C_1A_Key &lt;https://evil.example|click&gt; @' +
        wj +
        'here, ' +
        '*IP:* 203.0.113.7',
    );
    expect(message!.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', emoji: true, text: ':rotating_light: Policy key deleted' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            'A B2C policy key was deleted.\n\n' +
            '*Who:* eve@contoso.example &lt;@U123ABC&gt;\n' +
            '*Did:* Delete policy key &lt;!channel&gt;\n' +
            '*Target:* B2C_1A_Key &lt;https://evil.example|click&gt; @' +
            wj +
            'here\n' +
            '*When:* 2026-11-02T10:00:00Z\n' +
            '*IP:* 203.0.113.7',
          verbatim: true,
        },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Severity*\ncritical', verbatim: true },
          {
            type: 'mrkdwn',
            text: '*details.Note*\n*bold* _it_ &amp;amp; &lt;script&gt;alert(1)&lt;/script&gt;[31m',
            verbatim: true,
          },
          { type: 'mrkdwn', text: '*target.id*\nB2C_1A_TokenSigningKeyContainer', verbatim: true },
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: '*Tenant:* contoso.onmicrosoft.com  ·  *Rule:* b2c.keys.policy-key-deleted  ·  *Rule set:* abc1234  ·  *Alert:* 41df761791c4aa1d',
            verbatim: true,
          },
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text:
              '<https://runbooks.example/b2c/keys?x=1&amp;y=2|Runbook>  ·  ' +
              '<https://entra.microsoft.com/contoso.onmicrosoft.com/#view/Microsoft_AAD_IAM/AuditLogList.ReactView|Audit log (Entra admin center)>',
            verbatim: true,
          },
        ],
      },
    ]);
  });

  it('keeps 100 kB of hostile text inert and bounded', async () => {
    const sender = new SlackSender({ token, apiUrl: slack.url });
    await sender.send({ alert: hugeHostileAlert(), channel: 'C0SECURITY' });
    const [message] = await slack.waitForMessages(1);
    const strings = allStrings([message!.text, message!.blocks]);
    const trusted = [
      '<https://runbooks.example/b2c/keys?x=1&amp;y=2|Runbook>',
      '<https://entra.microsoft.com/contoso.onmicrosoft.com/#view/Microsoft_AAD_IAM/AuditLogList.ReactView|Audit log (Entra admin center)>',
    ];
    for (const s of strings) {
      const untrusted = trusted.reduce((rest, link) => rest.split(link).join(''), s);
      expect(untrusted).not.toMatch(/[<>]/);
      expect(untrusted).not.toContain('<!');
      expect(untrusted).not.toContain('<@');
      expect(untrusted).not.toContain('<http');
      expect(untrusted).not.toMatch(/@(channel|here|everyone)/i);
      // eslint-disable-next-line no-control-regex -- asserting that no control character got through
      expect(s).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
    }
    // Within Slack's limits (the emulator enforces them too) and far below the input size.
    expect(message!.text.length).toBeLessThanOrEqual(3000);
    expect(message!.blocks!.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(message!.raw).length).toBeLessThan(20_000);
    expect(strings.some((s) => s.endsWith('…'))).toBe(true);
  });

  it('posts later members of a group in the thread of the first', async () => {
    const sender = new SlackSender({ token, apiUrl: slack.url });
    const first = await sender.send({ alert: smallHostileAlert(), channel: 'C0SECURITY' });
    const second = await sender.send({ alert: smallHostileAlert(), channel: 'C0SECURITY', threadTs: first.ts });
    const [m1, m2] = await slack.waitForMessages(2);
    expect(m1!.thread_ts).toBeUndefined();
    expect(m2!.thread_ts).toBe(first.ts);
    expect(second.ts).not.toBe(first.ts);
  });

  it('hands a 429 back at once with its Retry-After, without retrying inside the client', async () => {
    slack.injectFaults({ kind: 'rate_limited', retryAfterSeconds: 7 });
    const sender = new SlackSender({ token, apiUrl: slack.url, retries: 2 });
    const error = await sendError(sender);
    expect(error).toMatchObject({
      name: 'NotifyError',
      code: 'NT_ERR_SLACK_RATE_LIMITED',
      permanent: false,
      retryAfterMs: 7000,
    });
    expect(slack.requests).toEqual([{ method: 'chat.postMessage', status: 429, error: 'ratelimited' }]);
    expect(slack.messages).toHaveLength(0);
  });

  it('classifies channel_not_found as permanent and says what to do', async () => {
    const sender = new SlackSender({ token, apiUrl: slack.url });
    const error = await sendError(sender, 'C0UNKNOWN');
    expect(error).toMatchObject({ code: 'NT_ERR_SLACK_PERMANENT', permanent: true });
    expect(error.message).toContain('channel_not_found');
    expect(error.message).toContain('invite the bot');
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('classifies injected platform faults: channel_not_found and invalid_auth are permanent', async () => {
    slack.injectFaults('channel_not_found', 'invalid_auth');
    const sender = new SlackSender({ token, apiUrl: slack.url });
    expect(await sendError(sender)).toMatchObject({ code: 'NT_ERR_SLACK_PERMANENT', permanent: true });
    expect(await sendError(sender)).toMatchObject({ code: 'NT_ERR_SLACK_PERMANENT', permanent: true });
    await sender.send({ alert: smallHostileAlert(), channel: 'C0SECURITY' });
    expect(slack.requests.map((r) => r.error ?? r.status)).toEqual(['channel_not_found', 'invalid_auth', 200]);
  });

  it('classifies a 500 as transient', async () => {
    slack.injectFaults('server_error');
    const sender = new SlackSender({ token, apiUrl: slack.url });
    expect(await sendError(sender)).toMatchObject({ code: 'NT_ERR_SLACK_TRANSIENT', permanent: false });
    expect(slack.requests).toEqual([{ method: 'chat.postMessage', status: 500 }]);
  });

  it('classifies an unreachable server as transient', async () => {
    const url = slack.url;
    await slack.close();
    const { calls, logger } = recordingLogger();
    const sender = new SlackSender({ token, apiUrl: url, logger });
    const error = await sendError(sender);
    expect(error).toMatchObject({ code: 'NT_ERR_SLACK_TRANSIENT', permanent: false });
    expectNoSecret(error, calls);
  });

  it('never puts the token in errors or logs', async () => {
    const wrong = 'xoxb-9999-WRONGwrongWRONG';
    const { calls, logger } = recordingLogger();
    const sender = new SlackSender({ token: wrong, apiUrl: slack.url, logger });
    const error = await sendError(sender);
    expect(error).toMatchObject({ code: 'NT_ERR_SLACK_PERMANENT', permanent: true });
    expect(error.message).toContain('invalid_auth');
    for (const secret of [wrong, token]) {
      expect(inspect(error, { depth: 20, showHidden: true })).not.toContain(secret);
      expect(inspect(calls, { depth: 20 })).not.toContain(secret);
    }
    expect(calls).toEqual([
      { fields: expect.objectContaining({ code: 'NT_ERR_SLACK_PERMANENT' }), message: 'slack message failed' },
    ]);

    const ok = new SlackSender({ token, apiUrl: slack.url, logger });
    await ok.send({ alert: smallHostileAlert(), channel: 'C0SECURITY' });
    expectNoSecret(error, calls);
    expect(calls).toHaveLength(2);
  });

  it('rejects bad options without echoing them', () => {
    expect(() => new SlackSender({ token: '' })).toThrow(expect.objectContaining({ code: 'NT_ERR_OPTIONS_INVALID' }));
    const bad = () => new SlackSender({ token, apiUrl: `ftp://${token}@example.test/` });
    expect(bad).toThrow(expect.objectContaining({ code: 'NT_ERR_OPTIONS_INVALID' }));
    expect(() => bad()).not.toThrow(new RegExp(token));
  });
});
