import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { WorkerError } from '../errors/worker-error.js';
import type { Readiness } from './readiness.js';

export interface HttpServerDeps {
  port: number;
  host: string;
  readiness: () => Promise<Readiness>;
  /** Prometheus text and its content type. */
  metrics: () => Promise<{ contentType: string; body: string }>;
  logger: Logger;
}

/**
 * /healthz (the process answers), /readyz (200 or 503 with the reasons as JSON), /metrics (Prometheus
 * text). GET and HEAD only; nothing here changes state.
 */
export class HttpServer {
  readonly #o: HttpServerDeps;
  readonly #server: Server;
  #port: number | undefined;

  constructor(deps: HttpServerDeps) {
    this.#o = deps;
    this.#server = createServer((req, res) => {
      this.#route(req, res).catch((error: unknown) => {
        this.#o.logger.error({ err: error, path: req.url }, 'http request failed');
        if (!res.headersSent) send(res, 500, { status: 'error' });
        else res.destroy();
      });
    });
  }

  /** The bound port (useful with PORT=0). */
  get port(): number | undefined {
    return this.#port;
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) =>
        reject(
          new WorkerError(
            'WK_ERR_HTTP',
            `Cannot listen on ${this.#o.host}:${this.#o.port} (${error.code ?? error.message}); set PORT to a free port.`,
            { cause: error },
          ),
        );
      this.#server.once('error', onError);
      this.#server.listen(this.#o.port, this.#o.host, () => {
        this.#server.off('error', onError);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    return this.#port;
  }

  /** Stops accepting and drops idle keep-alive connections; in-flight scrapes finish. */
  async close(): Promise<void> {
    if (!this.#server.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.#server.close((error) => (error ? reject(error) : resolve()));
      this.#server.closeIdleConnections();
    });
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, { status: 'method not allowed' });
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    switch (path) {
      case '/healthz':
        return send(res, 200, { status: 'ok' });
      case '/readyz': {
        const readiness = await this.#o.readiness();
        return send(res, readiness.ready ? 200 : 503, {
          status: readiness.ready ? 'ready' : 'not ready',
          ...readiness,
        });
      }
      case '/metrics': {
        const { contentType, body } = await this.#o.metrics();
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      default:
        return send(res, 404, { status: 'not found', paths: ['/healthz', '/readyz', '/metrics'] });
    }
  }
}

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${JSON.stringify(body)}\n`);
}
