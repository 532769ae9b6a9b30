import { connect } from 'node:net';

/**
 * Sends one command to the Redis on 127.0.0.1:`port` and resolves with its reply: the text of a
 * simple, error or integer reply (`+PONG` → 'PONG'), a bulk string, or null for a nil bulk string.
 * Rejects when nothing listens. Enough for checking a server this package started, without a client library.
 */
export function redisCommand(port: number, ...args: string[]): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const finish = (error: Error | undefined, value?: string | null) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(value ?? null);
    };
    socket.on('error', (error) => finish(error));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('utf8');
      const end = reply.indexOf('\r\n');
      if (end < 0) return;
      const head = reply.slice(0, end);
      if (head[0] !== '$') return finish(undefined, head.slice(1));
      const length = Number(head.slice(1));
      if (length < 0) return finish(undefined, null);
      if (reply.length >= end + 2 + length + 2) finish(undefined, reply.slice(end + 2, end + 2 + length));
    });
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  });
}
