import { randomUUID } from 'node:crypto';

/** A Graph error body: `{"error":{"code","message","innerError":{date, request-id, client-request-id}}}`. */
export function graphErrorBody(code: string, message: string, requestId: string = randomUUID()): string {
  return JSON.stringify({
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        'request-id': requestId,
        'client-request-id': requestId,
      },
    },
  });
}
