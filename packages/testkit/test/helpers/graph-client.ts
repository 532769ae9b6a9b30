import type { DirectoryAudit, DirectoryAuditPage } from '@b2c-alerts/audit-client';
import type { GraphEmulator } from '../../src/index.js';

/** Client-credentials token with the emulator's secret, over plain fetch. */
export async function fetchToken(emulator: GraphEmulator, form: Record<string, string> = {}): Promise<Response> {
  return fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.clientId,
      scope: 'https://graph.microsoft.com/.default',
      client_secret: emulator.clientSecret,
      ...form,
    }),
  });
}

export async function token(emulator: GraphEmulator): Promise<string> {
  const res = await fetchToken(emulator);
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The directoryAudits URL the way our reader builds it: `$` kept, values percent-encoded. */
export function auditsUrl(emulator: GraphEmulator, params: Record<string, string | number>): string {
  const query = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${emulator.url}/v1.0/auditLogs/directoryAudits${query ? `?${query}` : ''}`;
}

export function get(url: string, bearer?: string): Promise<Response> {
  return fetch(url, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
}

export async function getPage(url: string, bearer: string): Promise<DirectoryAuditPage> {
  const res = await get(url, bearer);
  if (res.status !== 200) throw new Error(`GET failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as DirectoryAuditPage;
}

/** Follows @odata.nextLink verbatim until it is absent. */
export async function readAll(
  firstUrl: string,
  bearer: string,
): Promise<{ events: DirectoryAudit[]; pages: DirectoryAuditPage[] }> {
  const events: DirectoryAudit[] = [];
  const pages: DirectoryAuditPage[] = [];
  let url: string | undefined = firstUrl;
  while (url) {
    const page = await getPage(url, bearer);
    pages.push(page);
    events.push(...page.value);
    url = page['@odata.nextLink'];
  }
  return { events, pages };
}

/** A minimal B2C record at `time` (an ISO string with 7 digits, or epoch ms). */
export function audit(id: string, activityDateTime: string, extra: Partial<DirectoryAudit> = {}): DirectoryAudit {
  return {
    id,
    activityDateTime,
    activityDisplayName: 'Exchange token',
    category: 'Authentication',
    loggedByService: 'B2C',
    ...extra,
  };
}
