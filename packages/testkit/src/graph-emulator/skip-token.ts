import type { StoreCursor } from './event-store.js';

/** What a `$skiptoken` carries: the original query and the last record served. */
export interface SkipTokenState {
  filter: string | undefined;
  orderby: string | undefined;
  top: number;
  cursor: StoreCursor;
}

/** Opaque to clients (base64url JSON); they must follow `@odata.nextLink` verbatim. */
export function encodeSkipToken(state: SkipTokenState): string {
  const { filter, orderby, top, cursor } = state;
  return Buffer.from(
    JSON.stringify([1, filter ?? null, orderby ?? null, top, cursor.ms, cursor.ticks, cursor.id]),
  ).toString('base64url');
}

/** Returns undefined for a token this emulator did not issue. */
export function decodeSkipToken(token: string): SkipTokenState | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 7 || v[0] !== 1) return undefined;
    const [, filter, orderby, top, ms, ticks, id] = v as unknown[];
    if (filter !== null && typeof filter !== 'string') return undefined;
    if (orderby !== null && typeof orderby !== 'string') return undefined;
    if (typeof top !== 'number' || typeof ms !== 'number' || typeof ticks !== 'number' || typeof id !== 'string')
      return undefined;
    return { filter: filter ?? undefined, orderby: orderby ?? undefined, top, cursor: { ms, ticks, id } };
  } catch {
    return undefined;
  }
}
