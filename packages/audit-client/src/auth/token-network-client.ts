import { AuthError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { readBodyCapped } from '../support/read-body-capped.js';
import { redirectOrigin } from '../support/redirect-origin.js';

/** The largest answer read from the token endpoint or authority metadata; a token response is a few kB. */
export const maxTokenResponseBytes = 1024 * 1024;

/**
 * MSAL's own codes for the failures its HTTP client reports, so translateMsalError reads them as before.
 * AuthError takes (code, correlation id, message).
 */
const networkError = 'network_error';
const tokenParsingError = 'token_parsing_error';

async function send<T>(
  url: string,
  method: 'GET' | 'POST',
  options: NetworkRequestOptions | undefined,
  timeoutMs?: number,
): Promise<NetworkResponse<T>> {
  let response: Response;
  let text: string | undefined;
  try {
    response = await fetch(url, {
      method,
      headers: new Headers(options?.headers ?? {}),
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      redirect: 'manual',
      ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      throw new AuthError(
        'token_endpoint_redirect',
        '',
        `The token endpoint answered HTTP ${response.status}, a redirect to ${redirectOrigin(response.headers.get('location'), url)}, which is not followed: ` +
          'the request carries the client credential. Check authorityHost and any proxy between this host and the identity platform.',
      );
    }
    text = await readBodyCapped(response, maxTokenResponseBytes);
  } catch (error) {
    if (error instanceof AuthError) throw error;
    const e = error as { name?: string; message?: string };
    const detail = e.name === 'TimeoutError' ? 'Request timeout' : `Network request failed: ${e.message ?? 'unknown'}`;
    throw new AuthError(networkError, '', detail);
  }
  if (text === undefined) {
    throw new AuthError(
      'token_response_too_large',
      '',
      `The token endpoint sent more than ${maxTokenResponseBytes / (1024 * 1024)} MiB (HTTP ${response.status}); refused unread. Check authorityHost.`,
    );
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  try {
    return { headers, body: JSON.parse(text) as T, status: response.status };
  } catch (error) {
    throw new AuthError(tokenParsingError, '', `Failed to parse response: ${(error as Error).message}`);
  }
}

/**
 * MSAL's HTTP client without redirects and without unbounded bodies. MSAL's own client follows
 * redirects, and a 307 or 308 from the token endpoint re-sends the POST, client secret or signed
 * assertion included, to wherever it points. Failures are MSAL AuthErrors, which MSAL passes through
 * to translateMsalError: a redirect or an oversized answer is permanent, a network failure transient.
 */
export class TokenNetworkClient implements INetworkModule {
  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return send<T>(url, 'GET', options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return send<T>(url, 'POST', options);
  }
}
