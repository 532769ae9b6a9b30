import { ApiError, toApiError } from './api-error.js';

/** Fired on window when the API answers 401: the app shows the login form. */
export const authRequiredEvent = 'console:auth-required';

async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

async function send<T>(path: string, init: RequestInit, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, credentials: 'same-origin', signal: signal ?? null });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The console server did not answer; is it still running?');
  }
  const body = await readJson(response);
  if (response.status === 401) window.dispatchEvent(new Event(authRequiredEvent));
  if (!response.ok) throw toApiError(response.status, body);
  return body as T;
}

/** GET an API path (`/api/...`) with query parameters; JSON back, or an ApiError. */
export function apiGet<T>(path: string, query?: URLSearchParams, signal?: AbortSignal): Promise<T> {
  const qs = query?.toString() ?? '';
  return send<T>(qs ? `${path}?${qs}` : path, { headers: { accept: 'application/json' } }, signal);
}

export function apiPost<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return send<T>(
    path,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    },
    signal,
  );
}

export function isAbort(error: unknown): boolean {
  return (error as Error | null)?.name === 'AbortError';
}
