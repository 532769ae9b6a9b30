import { NotifyError } from '../errors/notify-error.js';

interface MailerLikeError {
  code?: unknown;
  responseCode?: unknown;
  rejected?: unknown;
}

/** Nodemailer codes that mean our configuration or message is wrong, not the network. */
const permanentCodes = new Set(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'ECONFIG', 'EMESSAGE', 'EMAXRECIPIENTS']);

function adviceFor(responseCode: number | undefined, code: string): string {
  if (responseCode === 535 || responseCode === 534 || code === 'EAUTH' || code === 'ENOAUTH') {
    return 'check the SMTP user and password (SMTP_URL)';
  }
  if (code === 'ETLS') {
    return 'the connection could not be secured, and credentials are only sent over TLS: offer STARTTLS on the server, or use smtps:// (SMTP_URL)';
  }
  if (code === 'EENVELOPE') return 'check the sender (ALERT_EMAIL_FROM) and the recipient addresses of the route';
  return 'the mail server refused the message; check its log for the reason';
}

/**
 * The one place where nodemailer errors become NotifyErrors. SMTP 5xx replies (except 503, a session
 * state problem) are permanent; 4xx replies, timeouts and connection failures are transient. The
 * message names codes and rejected recipients only: never the SMTP URL or the server's reply text,
 * so credentials cannot leak through either.
 */
export function translateEmailError(error: unknown): NotifyError {
  if (error instanceof NotifyError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as MailerLikeError;
  const code = typeof e.code === 'string' && /^[A-Z_]{1,32}$/.test(e.code) ? e.code : 'EUNKNOWN';
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const rejected = Array.isArray(e.rejected) ? e.rejected.filter((r): r is string => typeof r === 'string') : [];
  const reply = responseCode === undefined ? code : `${code}, SMTP ${responseCode}`;
  const recipients = rejected.length > 0 ? ` for ${rejected.join(', ')}` : '';

  const permanent = responseCode !== undefined ? responseCode >= 500 && responseCode !== 503 : permanentCodes.has(code);
  if (permanent) {
    return new NotifyError(
      'NT_ERR_EMAIL_PERMANENT',
      `The mail server rejected the alert email${recipients} (${reply}): ${adviceFor(responseCode, code)}. Not retried.`,
      { permanent: true, cause: error },
    );
  }
  return new NotifyError(
    'NT_ERR_EMAIL_TRANSIENT',
    `Could not send the alert email${recipients} (${reply}); check that the SMTP server is reachable. Will retry.`,
    { permanent: false, cause: error },
  );
}
