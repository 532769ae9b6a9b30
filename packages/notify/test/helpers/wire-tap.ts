import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP relay on 127.0.0.1:0 in front of a real server that keeps every byte the client sent, so a test
 * can show what crossed the wire in clear text (an SMTP AUTH, say).
 */
export class WireTap {
  readonly port: number;
  readonly #server: Server;
  readonly #sent: Buffer[];
  readonly #sockets: Set<Socket>;

  private constructor(server: Server, sent: Buffer[], sockets: Set<Socket>) {
    this.#server = server;
    this.#sent = sent;
    this.#sockets = sockets;
    this.port = (server.address() as AddressInfo).port;
  }

  static async start(target: { host: string; port: number }): Promise<WireTap> {
    const sent: Buffer[] = [];
    const sockets = new Set<Socket>();
    const track = (socket: Socket): void => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    };
    const server = createServer((client) => {
      const upstream = createConnection(target);
      track(client);
      track(upstream);
      client.on('data', (chunk: Buffer) => sent.push(chunk));
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new WireTap(server, sent, sockets);
  }

  /** Everything the clients sent so far, as text. */
  get clientText(): string {
    return Buffer.concat(this.#sent).toString('latin1');
  }

  /** Idempotent. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    if (!this.#server.listening) return;
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
