import { describe, expect, it } from 'vitest';
import { ServerError, ClientAuthError } from '@azure/msal-node';
import { translateMsalError, type MsalErrorContext } from '../../src/auth/msal-error.js';

const secret = 'Zq8~sup3r-s3cret-value_do-not-print';
const context: MsalErrorContext = {
  tenantId: 'contosob2c.onmicrosoft.com',
  clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  tokenEndpoint: 'https://login.microsoftonline.com/contosob2c.onmicrosoft.com/oauth2/v2.0/token',
  credential: 'client secret',
  secrets: [secret],
};

describe('translateMsalError', () => {
  it('says what to check for a rejected secret', () => {
    const error = translateMsalError(
      new ServerError(
        'invalid_client',
        'corr',
        'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: x',
      ),
      context,
    );
    expect(error.code).toBe('AC_ERR_TOKEN');
    expect(error.message).toContain("use the secret's Value (not its Secret ID)");
    expect(error.message).toContain(context.clientId);
    expect(error.message).not.toContain('Trace ID');
  });

  it.each([
    ['AADSTS700016: Application with identifier was not found in the directory', 'registered in the B2C tenant itself'],
    ['AADSTS90002: Tenant not found', 'check the tenant ID or domain'],
    ['AADSTS7000222: The provided client secret keys are expired', 'has expired'],
    ['AADSTS700027: Client assertion failed signature validation', 'upload this certificate'],
  ])('maps %s', (text, advice) => {
    expect(translateMsalError(new ServerError('invalid_client', 'c', text), context).message).toContain(advice);
  });

  it('explains network failures and throttling', () => {
    expect(
      translateMsalError(new ClientAuthError('network_error', 'Network request failed: fetch failed'), context).message,
    ).toContain(`Could not reach the token endpoint ${context.tokenEndpoint}`);
    expect(translateMsalError(new ServerError('', 'c', '', '', '', 429), context).message).toContain(
      'throttling or unavailable',
    );
  });

  it.each([
    [
      'a 500 from the token endpoint',
      new ServerError('server_error', 'c', 'AADSTS50000: There was an error issuing a token.', '', '', 500),
      true,
    ],
    ['a 503 without an error code', new ServerError('', 'c', '', '', '', 503), true],
    [
      'a 429',
      new ServerError('temporarily_unavailable', 'c', 'AADSTS90033: A transient error has occurred.', '', '', 429),
      true,
    ],
    [
      'MSAL replaying a remembered 5xx (no status, the AADSTS numbers as code)',
      new ServerError('50000', 'c', 'AADSTS50000: error'),
      true,
    ],
    ['a network failure', new ClientAuthError('network_error', 'Network request failed: fetch failed'), true],
    [
      'a rejected secret',
      new ServerError('invalid_client', 'c', 'AADSTS7000215: Invalid client secret provided.', '', '', 401),
      false,
    ],
    [
      'an unknown app',
      new ServerError(
        'unauthorized_client',
        'c',
        'AADSTS700016: Application with identifier x was not found',
        '',
        '',
        400,
      ),
      false,
    ],
    [
      'invalid_client even with a 5xx status',
      new ServerError('invalid_client', 'c', 'AADSTS7000215: Invalid client secret provided.', '', '', 500),
      false,
    ],
    ['an unparseable answer', new ClientAuthError('token_parsing_error', 'Failed to parse response'), false],
  ])('marks %s transient: %s', (_what, error, transient) => {
    expect(translateMsalError(error, context)).toMatchObject({ code: 'AC_ERR_TOKEN', transient });
  });

  it('never repeats a secret or a private key the server echoed', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const error = translateMsalError(
      new ServerError('weird', 'c', `bad value ${secret} and ${pem.replaceAll('\n', ' ')}`),
      {
        ...context,
        secrets: [secret, pem],
      },
    );
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(error.message).toContain('[redacted]');
  });
});
