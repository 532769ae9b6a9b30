import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { SMTPSentMessageInfo } from 'nodemailer';
import { silentLogger, type Logger } from '@b2c-alerts/audit-client';
import type { Alert } from '../alert/alert.js';
import { NotifyError } from '../errors/notify-error.js';
import { renderEmail } from '../render/render-email.js';
import { sanitizeText } from '../escape/sanitize-text.js';
import { smtpRequiresTls } from './smtp-requires-tls.js';
import { translateEmailError } from './translate-email-error.js';
import type { RenderOptions } from '../alert/investigation-links.js';

export interface EmailSenderOptions {
  /** smtp://user:pass@host:port or smtps://…; the password is never logged or part of an error. */
  smtpUrl: string;
  /** Sender address, e.g. `B2C alerts <alerts@example.com>`. */
  from: string;
  /**
   * Refuse to log in or send unless the connection is TLS (smtps://, or STARTTLS, which the server must
   * then offer). `requireTLS=true` in the URL does the same.
   * @defaultValue true when the URL carries credentials for a host that is not loopback (smtpRequiresTls)
   */
  requireTls?: boolean;
  /** Connection, greeting and socket-idle timeout. @defaultValue 15000 */
  timeoutMs?: number;
  logger?: Logger;
  /** The web console's base URL (CONSOLE_URL): each email links to the alert's investigation there. */
  consoleUrl?: string;
}

export interface EmailSendRequest {
  alert: Alert;
  to: string[];
}

export interface EmailSendResult {
  messageId: string;
  accepted: string[];
  /** Recipients the server refused while others were accepted (all refused is a NotifyError). */
  rejected: string[];
}

function invalid(message: string): NotifyError {
  return new NotifyError('NT_ERR_OPTIONS_INVALID', message, { permanent: true });
}

/** A plausible single address or `Name <address>`: no line breaks or controls that could forge headers. */
function isAddress(value: unknown): value is string {
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  return typeof value === 'string' && value.length <= 320 && /@/.test(value) && !/[\u0000-\u001F\u007F,;]/.test(value);
}

/** Sends alerts through SMTP with nodemailer; every failure is a NotifyError (see translateEmailError). */
export class EmailSender {
  readonly #transport: Transporter<SMTPSentMessageInfo>;
  readonly #from: string;
  readonly #logger: Logger;
  readonly #render: RenderOptions;

  constructor(o: EmailSenderOptions) {
    const url = typeof o.smtpUrl === 'string' && URL.canParse(o.smtpUrl) ? new URL(o.smtpUrl) : undefined;
    // The URL is not echoed: it may hold the password.
    if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')) {
      throw invalid('EmailSender `smtpUrl` must be an smtp:// or smtps:// URL (SMTP_URL).');
    }
    if (!isAddress(o.from)) throw invalid('EmailSender `from` must be one email address (ALERT_EMAIL_FROM).');
    const timeoutMs = o.timeoutMs ?? 15_000;
    if (!(timeoutMs > 0)) throw invalid('EmailSender `timeoutMs` must be a positive number of milliseconds.');
    this.#from = o.from;
    this.#logger = o.logger ?? silentLogger;
    this.#render = o.consoleUrl === undefined ? {} : { consoleUrl: o.consoleUrl };
    // Only ever switched on here: an explicit option overrides the URL's own requireTLS=true.
    const requireTls = o.requireTls ?? smtpRequiresTls(url);
    this.#transport = createTransport({
      url: o.smtpUrl,
      ...(requireTls ? { requireTLS: true } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // Nodemailer's own logger would print the SMTP transaction, which includes AUTH.
      logger: false,
      debug: false,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(req: EmailSendRequest): Promise<EmailSendResult> {
    if (!Array.isArray(req.to) || req.to.length === 0 || !req.to.every(isAddress)) {
      throw invalid('EmailSender.send needs `to`: one or more email addresses (ALERT_EMAIL_TO).');
    }
    const { subject, text, html } = renderEmail(req.alert, this.#render);
    const fields = { alertId: req.alert.id, ruleId: req.alert.ruleId, recipients: req.to.length };
    try {
      const info = await this.#transport.sendMail({
        from: this.#from,
        to: req.to,
        subject,
        text,
        html,
        headers: {
          'X-B2C-Alert-Id': req.alert.id,
          'X-B2C-Rule-Id': sanitizeText(req.alert.ruleId, { singleLine: true, maxLength: 200 }),
        },
      });
      const rejected = info.rejected.map(String);
      if (rejected.length === 0)
        this.#logger.info({ ...fields, messageId: info.messageId, rejected: 0 }, 'alert email sent');
      // Named here, at the send, so a refusal is on record even if the caller stops before handling it.
      else
        this.#logger.warn(
          { ...fields, messageId: info.messageId, rejected: rejected.length, refused: rejected.slice(0, 10) },
          'alert email sent; some recipients refused',
        );
      return { messageId: info.messageId, accepted: info.accepted.map(String), rejected };
    } catch (error) {
      const e = translateEmailError(error);
      this.#logger.warn({ ...fields, code: e.code, permanent: e.permanent }, 'alert email failed');
      throw e;
    }
  }

  /** Idempotent; the transport opens one connection per message, so there is little to release. */
  close(): void {
    this.#transport.close();
  }
}
