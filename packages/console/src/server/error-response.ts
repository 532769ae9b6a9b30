import { isInvestigateError } from '@b2c-alerts/investigate';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from '../errors/api-error.js';
import type { ConsoleRuntime } from './console-runtime.js';
import { withSecurityHeaders } from './security-headers.js';
import { paramOfField } from '../query/filter-params.js';

/** Investigate's and Hono's errors as the API's; anything else is a 500 whose details go to the log only. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isInvestigateError(error)) {
    switch (error.code) {
      case 'IV_ERR_FILTER_INVALID': {
        const field = paramOfField(error.field);
        return new ApiError(400, 'invalid_parameter', `${field}: ${error.message.replace(/^[A-Za-z.]+: /, '')}`, {
          field,
          cause: error,
        });
      }
      case 'IV_ERR_QUERY_TIMEOUT':
        return new ApiError(503, 'query_timeout', error.message, { cause: error });
      case 'IV_ERR_TENANT_MISMATCH':
        return new ApiError(409, 'tenant_mismatch', error.message, { cause: error });
      default:
        break;
    }
  }
  if (error instanceof HTTPException && error.status === 413) {
    return new ApiError(413, 'payload_too_large', 'The request body is too large (64 KB at most).');
  }
  return new ApiError(500, 'internal', 'The console failed on this request; its log says why.', { cause: error });
}

/** The JSON error answer (`{error:{code, message, field?}}`), with the security headers. */
export function errorResponse(c: Context, error: unknown, runtime: ConsoleRuntime): Response {
  const api = toApiError(error);
  if (api.status >= 500 && api.code === 'internal') {
    runtime.logger.error({ err: error, method: c.req.method, path: c.req.path }, 'console request failed');
  }
  const headers: Record<string, string> = {};
  if (api.retryAfterSeconds !== undefined) headers['Retry-After'] = String(api.retryAfterSeconds);
  return withSecurityHeaders(c.json(api.toJson(), api.status, headers));
}
