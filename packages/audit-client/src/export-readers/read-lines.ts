import type { Readable } from 'node:stream';

/**
 * The lines of a text stream, in batches (one per chunk, so 1M lines cost far fewer awaits than
 * 1M), without the `\n` or a trailing `\r`. Memory holds one chunk plus the line in progress.
 */
export async function* readLines(stream: Readable): AsyncGenerator<string[]> {
  let pending: string[] = [];
  for await (const chunk of stream as AsyncIterable<string>) {
    let newline = chunk.indexOf('\n');
    if (newline === -1) {
      pending.push(chunk);
      continue;
    }
    const lines: string[] = [];
    let start = 0;
    while (newline !== -1) {
      let line = chunk.slice(start, newline);
      if (pending.length > 0) {
        line = pending.join('') + line;
        pending = [];
      }
      lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
    yield lines;
  }
  if (pending.length > 0) {
    const last = pending.join('');
    yield [last.endsWith('\r') ? last.slice(0, -1) : last];
  }
}
