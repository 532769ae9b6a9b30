import { AuditClientError } from './audit-client-error.js';

/** A file gave more decompressed bytes, or expanded more, than the read limits allow; the rest of it is not read. */
export class InputTooLargeError extends AuditClientError {
  override name = 'InputTooLargeError';

  constructor(message: string) {
    super('AC_ERR_INPUT_TOO_LARGE', message);
  }
}

export function isInputTooLargeError(value: unknown): value is InputTooLargeError {
  return value instanceof Error && (value as Error & { code?: unknown }).code === 'AC_ERR_INPUT_TOO_LARGE';
}
