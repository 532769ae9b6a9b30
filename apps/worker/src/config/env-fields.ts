import { isLoopbackHost } from '@b2c-alerts/audit-client';
import { DurationError, parseDuration } from '@b2c-alerts/rule-engine';
import { z } from 'zod';

// Builders of environment variables for the apps' env schemas. Messages follow the variable name
// ("POLL_INTERVAL is too short; …") and never quote a value: a secret pasted into the wrong variable
// must not reach a log.

/** Unset and empty are the same: `VAR=` in a shell or an .env file means "not configured". Trims the rest. */
export const unsetIfEmpty = (value: unknown) =>
  typeof value !== 'string' ? value : value.trim() === '' ? undefined : value.trim();

/** A variable that may be unset: its trimmed text, or undefined. */
export const optionalText = z.preprocess(unsetIfEmpty, z.string().optional());

/**
 * A duration variable in parseDuration's grammar (`90s`, `1h30m`, `1.5h`), in milliseconds. Its problem
 * is parseDuration's reason after the variable name, as a flag or a rule file gets it after theirs.
 */
export function durationVariable(defaultMs: number, minMs: number) {
  return optionalText.transform((value, ctx) => {
    if (value === undefined) return defaultMs;
    let ms: number;
    try {
      ms = parseDuration(value, { allowZero: true });
    } catch (error) {
      if (!(error instanceof DurationError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.reason });
      return z.NEVER;
    }
    if (ms < minMs) {
      ctx.addIssue({ code: 'custom', message: `is too short; it must be at least ${minMs / 1000}s` });
      return z.NEVER;
    }
    return ms;
  });
}

/** A whole number from `min` to `max`; `what` says what it counts. */
export function wholeNumberVariable(defaultValue: number, min: number, max: number, what: string) {
  return optionalText.transform((value, ctx) => {
    if (value === undefined) return defaultValue;
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= min && n <= max)) {
      ctx.addIssue({ code: 'custom', message: `must be ${what}, a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });
}

/** An https base URL (http only to a loopback host, for emulators). */
export function httpsUrlVariable(example: string) {
  return optionalText.refine(
    (value) => {
      if (value === undefined) return true;
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
      } catch {
        return false;
      }
    },
    { message: `must be an https URL such as ${example} (http only to a loopback host)` },
  );
}

/** A URL with one of `protocols` (`redis:`, `smtps:`, …). */
export function urlVariable(protocols: string[], example: string) {
  return optionalText.refine(
    (value) => {
      if (value === undefined) return true;
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL such as ${example}` },
  );
}

/** What a URL variable must say to carry its credentials off this machine. */
export interface CredentialsOverTls {
  /** Whether the URL holds a secret the server would be sent (a password; for SMTP, any AUTH). */
  carriesCredentials: (url: URL) => boolean;
  /** Whether the connection is TLS before those credentials are sent. */
  overTls: (url: URL) => boolean;
  /** The problem, after the variable name: what to write instead. */
  message: string;
}

/**
 * Refuses a URL that would send its credentials in clear text to another machine. Loopback hosts stay
 * allowed (tests, a local relay or Redis): the credentials never leave the host. Unparsable and unset
 * values pass, for the URL check to report.
 */
export function credentialsOverTls(rule: CredentialsOverTls) {
  return [
    (value: string | undefined) => {
      if (value === undefined || !URL.canParse(value)) return true;
      const url = new URL(value);
      return !rule.carriesCredentials(url) || isLoopbackHost(url.hostname) || rule.overTls(url);
    },
    { message: rule.message },
  ] as const;
}

const prefixPattern = /^[A-Za-z0-9._:-]{1,64}$/;

/** A Redis key prefix: plain characters, as it goes into every key. */
export function prefixVariable(defaultValue: string) {
  return optionalText
    .refine((v) => v === undefined || prefixPattern.test(v), {
      message: 'must be 1–64 letters, digits, dots, colons, dashes or underscores',
    })
    .transform((v) => v ?? defaultValue);
}
