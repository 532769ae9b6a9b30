import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAlert, EmailSender, isNotifyError, type NotifyError } from '@b2c-alerts/notify';
import { SmtpSink } from '@b2c-alerts/testkit';
import { candidate, hugeHostileAlert, rule, smallHostileAlert } from '../helpers/hostile-alert.js';
import { recordingLogger } from '../helpers/payload-walk.js';

const from = 'B2C alerts <alerts@example.test>';
const password = 'p4ss-SECRET-word';
let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

function withAuth(url: string, user: string, pass: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = pass;
  return u.href;
}

async function sendError(sender: EmailSender, to: string[]): Promise<NotifyError> {
  const error = await sender.send({ alert: smallHostileAlert(), to }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isNotifyError(error)).toBe(true);
  return error as NotifyError;
}

const expectedText = `[CRITICAL] Policy key deleted

A B2C policy key was deleted.

Who: eve@contoso.example <@U123ABC>
Did: Delete policy key <!channel>
Target: B2C_1A_Key <https://evil.example|click> @here
When: 2026-11-02T10:00:00Z
IP: 203.0.113.7

Severity: critical
details.Note: *bold* _it_ &amp; <script>alert(1)</script>[31m
target.id: B2C_1A_TokenSigningKeyContainer

Tenant: contoso.onmicrosoft.com
Rule: b2c.keys.policy-key-deleted
Rule set: abc1234
Alert: 41df761791c4aa1d

Runbook: https://runbooks.example/b2c/keys?x=1&y=2
Audit log (Entra admin center): https://entra.microsoft.com/contoso.onmicrosoft.com/#view/Microsoft_AAD_IAM/AuditLogList.ReactView
`;

const row = (label: string, value: string): string =>
  `<tr><th align="left" valign="top">${label}</th><td>${value}</td></tr>`;
const expectedHtml = [
  '<!DOCTYPE html>',
  '<html><head><meta charset="utf-8"></head><body style="font-family: sans-serif">',
  '<h2>[CRITICAL] Policy key deleted</h2>',
  '<p>A B2C policy key was deleted.</p>',
  '<table cellpadding="4" cellspacing="0">',
  row('Who', 'eve@contoso.example &lt;@U123ABC&gt;'),
  row('Did', 'Delete policy key &lt;!channel&gt;'),
  row('Target', 'B2C_1A_Key &lt;https://evil.example|click&gt; @here'),
  row('When', '2026-11-02T10:00:00Z'),
  row('IP', '203.0.113.7'),
  '</table>',
  '<table cellpadding="4" cellspacing="0">',
  row('Severity', 'critical'),
  row('details.Note', '*bold* _it_ &amp;amp; &lt;script&gt;alert(1)&lt;/script&gt;[31m'),
  row('target.id', 'B2C_1A_TokenSigningKeyContainer'),
  '</table>',
  '<table cellpadding="4" cellspacing="0">',
  row('Tenant', 'contoso.onmicrosoft.com'),
  row('Rule', 'b2c.keys.policy-key-deleted'),
  row('Rule set', 'abc1234'),
  row('Alert', '41df761791c4aa1d'),
  '</table>',
  '<p><a href="https://runbooks.example/b2c/keys?x=1&amp;y=2">Runbook</a> | ' +
    '<a href="https://entra.microsoft.com/contoso.onmicrosoft.com/#view/Microsoft_AAD_IAM/AuditLogList.ReactView">Audit log (Entra admin center)</a></p>',
  '</body></html>',
  '',
].join('\n');

describe('EmailSender → SmtpSink', () => {
  it('sends the exact escaped subject, text and HTML of a hostile alert', async () => {
    sink = await SmtpSink.start();
    const sender = new EmailSender({ smtpUrl: sink.url, from });
    const result = await sender.send({ alert: smallHostileAlert(), to: ['soc@example.test'] });
    const [mail] = await sink.waitForMail(1);

    expect(result).toMatchObject({ accepted: ['soc@example.test'], rejected: [] });
    expect(mail!.parsed.messageId).toBe(result.messageId);
    expect(mail!.subject).toBe('[CRITICAL] Policy key deleted');
    expect(mail!.from).toBe('"B2C alerts" <alerts@example.test>');
    expect(mail!.to).toEqual(['soc@example.test']);
    expect(mail!.envelope).toEqual({ mailFrom: 'alerts@example.test', rcptTo: ['soc@example.test'] });
    expect(mail!.headers.get('x-b2c-alert-id')).toBe('41df761791c4aa1d');
    expect(mail!.headers.get('x-b2c-rule-id')).toBe('b2c.keys.policy-key-deleted');
    expect(mail!.text).toBe(expectedText);
    expect(mail!.html).toBe(expectedHtml);
    sender.close();
  });

  it('keeps 100 kB of hostile text escaped and bounded', async () => {
    sink = await SmtpSink.start();
    const sender = new EmailSender({ smtpUrl: sink.url, from });
    await sender.send({ alert: hugeHostileAlert(), to: ['soc@example.test'] });
    const [mail] = await sink.waitForMail(1);
    const html = mail!.html as string;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(?!\/?(html|head|meta|body|h2|p|br|table|tr|th|td|a)\b|!DOCTYPE)/);
    for (const part of [mail!.subject, mail!.text, html]) {
      // eslint-disable-next-line no-control-regex -- asserting that no control character got through
      expect(part).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
    }
    expect(mail!.text.length).toBeLessThan(15_000);
    expect(html.length).toBeLessThan(40_000);
    expect(mail!.text).toContain('Count: 250');
    expect(mail!.text).toContain('Suppressed: 17');
  });

  it('keeps the subject on one line so no header can be injected', async () => {
    sink = await SmtpSink.start();
    const sender = new EmailSender({ smtpUrl: sink.url, from });
    const title = 'Key deleted\r\nBcc: attacker@evil.example\r\n\r\n<b>body</b>';
    const alert = buildAlert(candidate(undefined, { title }), { ...rule, title }, { ruleSetVersion: 'v1' });
    await sender.send({ alert, to: ['soc@example.test'] });
    const [mail] = await sink.waitForMail(1);
    expect(mail!.subject).toBe('[CRITICAL] Key deleted Bcc: attacker@evil.example <b>body</b>');
    expect(mail!.headers.has('bcc')).toBe(false);
    expect(mail!.envelope.rcptTo).toEqual(['soc@example.test']);
  });

  it('classifies an SMTP 550 for every recipient as permanent', async () => {
    sink = await SmtpSink.start({ rejectRecipients: ['Gone@Example.test'] });
    const sender = new EmailSender({ smtpUrl: sink.url, from });
    const error = await sendError(sender, ['gone@example.test']);
    expect(error).toMatchObject({ name: 'NotifyError', code: 'NT_ERR_EMAIL_PERMANENT', permanent: true });
    expect(error.message).toContain('550');
    expect(sink.mails).toHaveLength(0);
  });

  it('delivers to the accepted recipients and reports (and logs) the rejected ones', async () => {
    sink = await SmtpSink.start({ rejectRecipients: ['gone@example.test'] });
    const { calls, logger } = recordingLogger();
    const sender = new EmailSender({ smtpUrl: sink.url, from, logger });
    const result = await sender.send({ alert: smallHostileAlert(), to: ['soc@example.test', 'gone@example.test'] });
    expect(result).toMatchObject({ accepted: ['soc@example.test'], rejected: ['gone@example.test'] });
    const [mail] = await sink.waitForMail(1);
    expect(mail!.envelope.rcptTo).toEqual(['soc@example.test']);
    expect(calls).toEqual([
      {
        fields: expect.objectContaining({ rejected: 1, refused: ['gone@example.test'] }),
        message: 'alert email sent; some recipients refused',
      },
    ]);
  });

  it('authenticates with the credentials of the URL', async () => {
    sink = await SmtpSink.start({ requireAuth: { user: 'alerts', pass: password } });
    const sender = new EmailSender({ smtpUrl: withAuth(sink.url, 'alerts', password), from });
    await sender.send({ alert: smallHostileAlert(), to: ['soc@example.test'] });
    const [mail] = await sink.waitForMail(1);
    expect(mail!.user).toBe('alerts');
  });

  it('classifies a 535 as permanent and never shows the password', async () => {
    sink = await SmtpSink.start({ requireAuth: { user: 'alerts', pass: 'the-right-one' } });
    const { calls, logger } = recordingLogger();
    const sender = new EmailSender({ smtpUrl: withAuth(sink.url, 'alerts', password), from, logger });
    const error = await sendError(sender, ['soc@example.test']);
    expect(error).toMatchObject({ code: 'NT_ERR_EMAIL_PERMANENT', permanent: true });
    expect(error.message).toContain('535');
    expect(error.message).toContain('SMTP user and password');
    expect(inspect(error, { depth: 20, showHidden: true })).not.toContain(password);
    expect(inspect(calls, { depth: 20 })).not.toContain(password);
    expect(sink.mails).toHaveLength(0);
  });

  it('classifies a server that is down as transient and never shows the password', async () => {
    sink = await SmtpSink.start();
    const url = withAuth(sink.url, 'alerts', password);
    await sink.close();
    await sink.close(); // idempotent
    const { calls, logger } = recordingLogger();
    const sender = new EmailSender({ smtpUrl: url, from, logger });
    const error = await sendError(sender, ['soc@example.test']);
    expect(error).toMatchObject({ code: 'NT_ERR_EMAIL_TRANSIENT', permanent: false });
    expect(inspect(error, { depth: 20, showHidden: true })).not.toContain(password);
    expect(inspect(calls, { depth: 20 })).not.toContain(password);
  });

  it('rejects bad options and recipients without echoing the URL', async () => {
    const bad = (): EmailSender => new EmailSender({ smtpUrl: `http://alerts:${password}@mail.example.test`, from });
    expect(bad).toThrow(expect.objectContaining({ code: 'NT_ERR_OPTIONS_INVALID' }));
    expect(bad).not.toThrow(new RegExp(password));
    expect(() => new EmailSender({ smtpUrl: 'smtp://127.0.0.1:25', from: 'x@y\r\nBcc: z@evil' })).toThrow(
      expect.objectContaining({ code: 'NT_ERR_OPTIONS_INVALID' }),
    );
    const sender = new EmailSender({ smtpUrl: 'smtp://127.0.0.1:25', from });
    await expect(sender.send({ alert: smallHostileAlert(), to: [] })).rejects.toMatchObject({
      code: 'NT_ERR_OPTIONS_INVALID',
      permanent: true,
    });
    await expect(sender.send({ alert: smallHostileAlert(), to: ['a@b.test\r\nBcc: z@evil'] })).rejects.toMatchObject({
      code: 'NT_ERR_OPTIONS_INVALID',
    });
  });
});
