import { z } from 'zod';
import { isLoopbackHost } from './is-loopback-host.js';

/** zod `params` on issues meaning "plain http to a non-loopback host"; they map to AC_ERR_URL_INSECURE. */
export const insecureUrlIssueParams = { acErrorCode: 'AC_ERR_URL_INSECURE' } as const;

export function isInsecureUrlIssue(issue: { code: string; params?: unknown }): boolean {
  return (
    issue.code === 'custom' &&
    (issue.params as { acErrorCode?: string } | undefined)?.acErrorCode === insecureUrlIssueParams.acErrorCode
  );
}

/**
 * A base URL that bearer tokens or secrets will be sent to: https anywhere, plain http only to a
 * loopback host (local emulators). Scheme and host only, so scopes and token paths stay well formed.
 */
export function secureBaseUrlSchema(example: string) {
  return z.string().superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `is not a URL; give a scheme and host like ${example}` });
      return;
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({
        code: 'custom',
        params: insecureUrlIssueParams,
        message: `uses plain http to ${url.host}; use https (http is accepted only for loopback hosts such as 127.0.0.1 or localhost, for local emulators)`,
      });
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: `must be an https URL like ${example}` });
      return;
    }
    if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
      ctx.addIssue({
        code: 'custom',
        message: `must be a scheme and host only (no path, query or credentials), like ${example}`,
      });
    }
  });
}
