import { StringDecoder } from 'node:string_decoder';

/**
 * A piece of a line longer than the limit: such a line is never held whole. `end` is set on the
 * piece that ends the line. JSONL readers skip it; the JSON document reader scans it.
 */
export interface OverlongPiece {
  overlong: string;
  end: boolean;
}

export type Line = string | OverlongPiece;

function decoded(parts: readonly Buffer[]): string {
  const text = (parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)).toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/**
 * The lines of a byte stream, UTF-8 decoded, in batches (one per chunk, so 1M lines cost far fewer
 * awaits than 1M), without the `\n` or a trailing `\r`. A line over `maxLineBytes` comes as
 * OverlongPiece parts of about a chunk each, so memory holds one chunk plus at most `maxLineBytes`.
 */
export async function* readLines(stream: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<Line[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong: StringDecoder | undefined;
  for await (const chunk of stream) {
    const lines: Line[] = [];
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, newline === -1 ? chunk.length : newline);
      if (overlong === undefined && pendingBytes + piece.length > maxLineBytes) {
        overlong = new StringDecoder('utf8');
        for (const part of pending) lines.push({ overlong: overlong.write(part), end: false });
        pending = [];
        pendingBytes = 0;
      }
      if (overlong !== undefined) {
        if (newline === -1) {
          if (piece.length > 0) lines.push({ overlong: overlong.write(piece), end: false });
          break;
        }
        lines.push({ overlong: overlong.write(piece) + overlong.end(), end: true });
        overlong = undefined;
      } else if (newline === -1) {
        if (piece.length > 0) {
          pending.push(piece);
          pendingBytes += piece.length;
        }
        break;
      } else {
        lines.push(pending.length === 0 ? decoded([piece]) : decoded([...pending, piece]));
        pending = [];
        pendingBytes = 0;
      }
      start = newline + 1;
    }
    if (lines.length > 0) yield lines;
  }
  if (overlong !== undefined) yield [{ overlong: overlong.end(), end: true }];
  else if (pending.length > 0) yield [decoded(pending)];
}
