import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SmtpSink } from '@b2c-alerts/testkit';

/** A bare SMTP client: sends one command and resolves with the server's complete reply. */
class SmtpTalk {
  private buffer = '';
  private waiting: ((reply: string) => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      // A reply is complete at a line "NNN text" (space after the code, not "-").
      const done = /(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(this.buffer);
      if (done && this.waiting) {
        const reply = this.buffer;
        this.buffer = '';
        const w = this.waiting;
        this.waiting = undefined;
        w(reply);
      }
    });
  }

  static async open(url: string): Promise<{ talk: SmtpTalk; greeting: string }> {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    const talk = new SmtpTalk(socket);
    const greeting = talk.reply();
    await once(socket, 'connect');
    return { talk, greeting: await greeting };
  }

  private reply(): Promise<string> {
    return new Promise((resolve) => (this.waiting = resolve));
  }

  send(line: string): Promise<string> {
    const r = this.reply();
    this.socket.write(`${line}\r\n`);
    return r;
  }

  end(): void {
    this.socket.end();
  }
}

let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

describe('SmtpSink', () => {
  it('listens on an smtp:// URL, does not offer STARTTLS, records and parses mail', async () => {
    sink = await SmtpSink.start({ rejectRecipients: ['gone@example.test'] });
    expect(sink.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    const arrived: string[] = [];
    const off = sink.onMail((m) => arrived.push(m.subject));
    const { talk, greeting } = await SmtpTalk.open(sink.url);
    expect(greeting).toMatch(/^220 /);
    const ehlo = await talk.send('EHLO test.example');
    expect(ehlo).toMatch(/^250/);
    expect(ehlo).not.toContain('STARTTLS');
    expect(await talk.send('MAIL FROM:<alerts@example.test>')).toMatch(/^250/);
    expect(await talk.send('RCPT TO:<gone@example.test>')).toMatch(/^550 /);
    expect(await talk.send('RCPT TO:<soc@example.test>')).toMatch(/^250/);
    expect(await talk.send('DATA')).toMatch(/^354/);
    const message = [
      'From: Alerts <alerts@example.test>',
      'To: soc@example.test',
      'Subject: Rule fired',
      'X-Rule-Id: r1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>hi</p>',
      '.',
    ].join('\r\n');
    expect(await talk.send(message)).toMatch(/^250/);
    await talk.send('QUIT');
    talk.end();

    const [mail] = await sink.waitForMail(1);
    expect(mail).toMatchObject({
      subject: 'Rule fired',
      from: '"Alerts" <alerts@example.test>',
      to: ['soc@example.test'],
      html: '<p>hi</p>\n',
      envelope: { mailFrom: 'alerts@example.test', rcptTo: ['soc@example.test'] },
    });
    expect(mail!.headers.get('x-rule-id')).toBe('r1');
    expect(arrived).toEqual(['Rule fired']);
    off();
    await expect(sink.waitForMail(2, { timeoutMs: 1 })).rejects.toThrow(/waited for 2 mails, got 1/);
  });

  it('requires AUTH when asked and answers bad credentials with 535', async () => {
    sink = await SmtpSink.start({ requireAuth: { user: 'u', pass: 'p' } });
    const { talk } = await SmtpTalk.open(sink.url);
    expect(await talk.send('EHLO test.example')).toContain('AUTH');
    expect(await talk.send('MAIL FROM:<alerts@example.test>')).toMatch(/^530 /);
    expect(await talk.send(`AUTH PLAIN ${Buffer.from('\0u\0wrong').toString('base64')}`)).toMatch(/^535 /);
    expect(await talk.send(`AUTH PLAIN ${Buffer.from('\0u\0p').toString('base64')}`)).toMatch(/^235 /);
    talk.end();
  });

  it('closes idempotently', async () => {
    sink = await SmtpSink.start();
    const url = sink.url;
    await sink.close();
    await sink.close();
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    const [error] = (await once(socket, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
  });
});
