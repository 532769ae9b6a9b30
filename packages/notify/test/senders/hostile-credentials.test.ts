import { afterEach, describe, expect, it } from 'vitest';
import { EmailSender, isNotifyError, type NotifyError } from '@b2c-alerts/notify';
import { SmtpSink } from '@b2c-alerts/testkit';
import { smtpRequiresTls } from '../../src/senders/smtp-requires-tls.js';
import { smallHostileAlert } from '../helpers/hostile-alert.js';
import { WireTap } from '../helpers/wire-tap.js';

const from = 'B2C alerts <alerts@example.test>';
const user = 'alerts';
const password = 'p4ss-SECRET-word';
const to = ['soc@example.test'];

let sink: SmtpSink | undefined;
let tap: WireTap | undefined;
afterEach(async () => {
  await tap?.close();
  await sink?.close();
  tap = undefined;
  sink = undefined;
});

/** A real SMTP server that takes AUTH and offers no STARTTLS, behind a tap that keeps what the client sent. */
async function plainServer(): Promise<{ sink: SmtpSink; tap: WireTap }> {
  sink = await SmtpSink.start({ requireAuth: { user, pass: password } });
  tap = await WireTap.start({ host: '127.0.0.1', port: Number(new URL(sink.url).port) });
  return { sink, tap };
}

async function sendError(sender: EmailSender): Promise<NotifyError> {
  const error = await sender.send({ alert: smallHostileAlert(), to }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isNotifyError(error)).toBe(true);
  return error as NotifyError;
}

describe('SMTP credentials only over TLS', () => {
  it('requires TLS for a URL with credentials off loopback, and only then', () => {
    for (const url of [
      `smtp://${user}:${password}@mail.example.com:587`,
      `smtp://${user}@mail.example.com:587`,
      `smtp://${user}:${password}@10.0.0.25`,
      `smtp://${user}:${password}@[2001:db8::25]:25`,
      `smtp://${user}:${password}@mail.example.com:587?requireTLS=false`,
    ])
      expect(smtpRequiresTls(new URL(url)), url).toBe(true);
    for (const url of [
      `smtps://${user}:${password}@mail.example.com:465`, // TLS from the first byte
      'smtp://relay.internal.example:25', // nothing secret to send
      `smtp://${user}:${password}@127.0.0.1:2525`,
      `smtp://${user}:${password}@localhost:25`,
      `smtp://${user}:${password}@[::1]:25`,
    ])
      expect(smtpRequiresTls(new URL(url)), url).toBe(false);
  });

  it('on loopback, AUTH goes in clear text to a server without STARTTLS (what off-loopback URLs must never do)', async () => {
    const { sink, tap } = await plainServer();
    const sender = new EmailSender({ smtpUrl: `smtp://${user}:${password}@127.0.0.1:${tap.port}`, from });
    await sender.send({ alert: smallHostileAlert(), to });
    expect((await sink.waitForMail(1))[0]!.user).toBe(user);
    expect(tap.clientText).toMatch(/^AUTH PLAIN/m);
  });

  it('with requireTls, refuses a server that offers no STARTTLS before any AUTH or mail crosses the wire', async () => {
    const { sink, tap } = await plainServer();
    const sender = new EmailSender({
      smtpUrl: `smtp://${user}:${password}@127.0.0.1:${tap.port}`,
      from,
      requireTls: true,
    });
    const error = await sendError(sender);
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(/STARTTLS/);
    expect(error.message).toMatch(/smtps:\/\//);
    expect(error.message).not.toContain(password);
    expect(tap.clientText).toMatch(/^EHLO /m);
    expect(tap.clientText).not.toMatch(/AUTH|MAIL FROM/);
    expect(tap.clientText).not.toContain(Buffer.from(`\0${user}\0${password}`).toString('base64'));
    expect(sink.mails).toEqual([]);
  });

  it('by default, never sends AUTH in clear text to a host it does not know to be loopback', async () => {
    const { sink, tap } = await plainServer();
    // 127.0.0.1 written as an IPv4-mapped IPv6 address: the same listener, but not a name isLoopbackHost
    // vouches for, so the sender treats it as another machine, as it would mail.example.com.
    const smtpUrl = `smtp://${user}:${password}@[::ffff:127.0.0.1]:${tap.port}`;
    expect(smtpRequiresTls(new URL(smtpUrl))).toBe(true);
    const error = await sendError(new EmailSender({ smtpUrl, from }));
    expect(error.permanent).toBe(true);
    expect(tap.clientText).toMatch(/^EHLO /m);
    expect(tap.clientText).not.toMatch(/AUTH|MAIL FROM/);
    expect(sink.mails).toEqual([]);
  });

  it('takes requireTLS=true from the URL, as the worker config accepts it', async () => {
    const { sink, tap } = await plainServer();
    const sender = new EmailSender({
      smtpUrl: `smtp://${user}:${password}@127.0.0.1:${tap.port}?requireTLS=true`,
      from,
    });
    expect((await sendError(sender)).permanent).toBe(true);
    expect(tap.clientText).not.toMatch(/AUTH|MAIL FROM/);
    expect(sink.mails).toEqual([]);
  });
});
