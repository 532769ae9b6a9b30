import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface SmtpSinkOptions {
  /** Recipients answered with `550 5.1.1 mailbox unavailable` at RCPT TO (case-insensitive). */
  rejectRecipients?: string[];
  /** When set, AUTH is required and only these credentials pass (else `535`). */
  requireAuth?: { user: string; pass: string };
}

/** A mail the sink accepted, parsed by mailparser. */
export interface ReceivedMail {
  subject: string;
  /** The From header as text. */
  from: string;
  /** Addresses of the To header. */
  to: string[];
  text: string;
  /** `false` when the mail had no HTML part (mailparser's convention). */
  html: string | false;
  /** Header names are lower case. */
  headers: Map<string, HeaderValue>;
  envelope: { mailFrom: string | undefined; rcptTo: string[] };
  /** The authenticated user, when the client logged in. */
  user?: string;
  parsed: ParsedMail;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter((a) => a !== '');
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

function envelopeAddress(a: SMTPServerAddress | false): string | undefined {
  return a === false ? undefined : a.address;
}

/**
 * An in-process SMTP server that records what it receives. STARTTLS is disabled because smtp-server's
 * built-in certificate has expired and clients would otherwise try to upgrade (CONTRIBUTING.md, "Toolchain notes").
 */
export class SmtpSink {
  readonly mails: ReceivedMail[];
  /** `smtp://127.0.0.1:PORT`, without credentials. */
  readonly url: string;

  private readonly server: SMTPServer;
  private readonly events: EventEmitter;
  private closing: Promise<void> | undefined;

  private constructor(server: SMTPServer, port: number, mails: ReceivedMail[], events: EventEmitter) {
    this.server = server;
    this.url = `smtp://127.0.0.1:${port}`;
    this.mails = mails;
    this.events = events;
  }

  static async start(o: SmtpSinkOptions = {}): Promise<SmtpSink> {
    const rejected = new Set((o.rejectRecipients ?? []).map((r) => r.toLowerCase()));
    const auth = o.requireAuth;
    // Filled by onData, which runs only after start() has returned the sink that shares them.
    const mails: ReceivedMail[] = [];
    const events = new EventEmitter();
    const server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      authOptional: auth === undefined,
      allowInsecureAuth: true,
      closeTimeout: 1000,
      onAuth(a, _session, cb) {
        if (auth && a.username === auth.user && a.password === auth.pass) return cb(null, { user: a.username });
        return cb(smtpError('Invalid username or password', 535));
      },
      onRcptTo(address, _session, cb) {
        if (rejected.has(address.address.toLowerCase())) return cb(smtpError('5.1.1 Mailbox unavailable', 550));
        return cb();
      },
      onData(stream, session, cb) {
        simpleParser(stream).then(
          (parsed) => {
            const mail: ReceivedMail = {
              subject: parsed.subject ?? '',
              from: parsed.from?.text ?? '',
              to: addresses(parsed.to),
              text: parsed.text ?? '',
              html: parsed.html ?? false,
              headers: parsed.headers,
              envelope: {
                mailFrom: envelopeAddress(session.envelope.mailFrom),
                rcptTo: session.envelope.rcptTo.map((r) => r.address),
              },
              parsed,
            };
            if (typeof session.user === 'string') mail.user = session.user;
            mails.push(mail);
            events.emit('mail', mail);
            cb();
          },
          (error: unknown) => cb(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    return new SmtpSink(server, (server.server.address() as AddressInfo).port, mails, events);
  }

  /** Resolves with the first `n` mails once they have arrived (event-driven; the timeout only bounds a failing test). */
  waitForMail(n: number, o: { timeoutMs?: number } = {}): Promise<ReceivedMail[]> {
    if (this.mails.length >= n) return Promise.resolve(this.mails.slice(0, n));
    return new Promise((resolve, reject) => {
      const onMail = (): void => {
        if (this.mails.length < n) return;
        clearTimeout(timer);
        this.events.off('mail', onMail);
        resolve(this.mails.slice(0, n));
      };
      const timer = setTimeout(() => {
        this.events.off('mail', onMail);
        reject(new Error(`SmtpSink: waited for ${n} mails, got ${this.mails.length}`));
      }, o.timeoutMs ?? 10_000);
      this.events.on('mail', onMail);
    });
  }

  /** Calls `listener` for each accepted mail; returns the unsubscribe function. */
  onMail(listener: (mail: ReceivedMail) => void): () => void {
    this.events.on('mail', listener);
    return () => this.events.off('mail', listener);
  }

  /** Idempotent; open client sessions get `421` after at most one second. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => this.server.close(() => resolve()));
    return this.closing;
  }
}
