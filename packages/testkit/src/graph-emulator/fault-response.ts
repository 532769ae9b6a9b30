import type { ServerResponse } from 'node:http';
import type { Fault } from './fault-queue.js';
import { graphErrorBody } from './graph-error.js';

const gatewayPage = `<!DOCTYPE html>
<html><head><title>502 - Web server received an invalid response while acting as a gateway or proxy server.</title></head>
<body><div id="header"><h1>Server Error</h1></div>
<div id="content"><fieldset><h2>502 - Web server received an invalid response while acting as a gateway or proxy server.</h2>
<h3>There is a problem with the page you are looking for, and it cannot be displayed. When the Web server (while acting as a gateway or proxy) contacted the upstream content server, it received an invalid response from the content server.</h3>
</fieldset></div></body></html>
`;

const serverErrors: Record<string, { code: string; message: string }> = {
  '500': { code: 'UnknownError', message: 'An internal server error occurred.' },
  '502': { code: 'BadGateway', message: 'The gateway received an invalid response from the upstream service.' },
  '503': { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable. Please retry later.' },
  '504': { code: 'GatewayTimeout', message: 'The upstream service did not respond in time.' },
};

/**
 * Answers a Graph GET with a fault that replaces the response. Returns the HTTP status sent (0 when the
 * socket was reset or the request is left hanging), or undefined for faults that alter a real page instead (truncated-json,
 * duplicate-across-boundary), which the emulator applies while serving.
 */
export function writeFaultResponse(res: ServerResponse, fault: Fault): number | undefined {
  const json = (status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
    return status;
  };
  switch (fault.kind) {
    case '429':
      return json(429, graphErrorBody('TooManyRequests', 'Too many requests.'), {
        'retry-after': String(fault.retryAfterSeconds ?? 1),
      });
    case '429-no-retry-after':
      return json(429, graphErrorBody('TooManyRequests', 'Too many requests.'));
    case '500':
    case '502':
    case '503':
    case '504': {
      const e = serverErrors[fault.kind]!;
      const headers: Record<string, string> =
        fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      return json(Number(fault.kind), graphErrorBody(e.code, e.message), headers);
    }
    case 'html':
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(gatewayPage);
      return 502;
    case 'network-reset':
      res.socket?.destroy();
      return 0;
    case '401':
      return json(
        401,
        graphErrorBody('InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.'),
        {
          'www-authenticate':
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
        },
      );
    case '403':
      return json(
        403,
        graphErrorBody('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
      );
    case 'hang':
      return 0; // nothing is written: the request stays open until close() drops its connection
    case 'truncated-json':
    case 'duplicate-across-boundary':
      return undefined;
  }
}
