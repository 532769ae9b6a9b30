/** Where a streamed item sits: an element of a top-level array, of a `value` or `records` array, or a whole top-level value. */
export type ItemContainer = 'array' | 'value' | 'records' | 'whole';

export type SplitEvent =
  /** One item's JSON text, for JSON.parse; `line` is where it starts (1-based, counted from the first text fed). */
  | { kind: 'item'; container: ItemContainer; index: number; text: string; line: number }
  /** An item over the size limit: skipped without being held. */
  | { kind: 'too-large'; container: ItemContainer; index: number; line: number }
  /** The text is not JSON at `line`; nothing more is split after it. */
  | { kind: 'error'; line: number; message: string };

/** Nesting deeper than this is no audit record: refused rather than tracked. */
const maxDepth = 512;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

/**
 * Splits a stream of JSON text into items without holding the whole document: the elements of a
 * top-level array, or of the `value` (Graph page) or `records` (Azure Monitor envelope) array of a
 * top-level object, each as its own text; any other top-level value whole. Top-level values may
 * follow one another. Memory holds one item, bounded by `maxItemChars`; bigger items are reported
 * and skipped. It checks structure only (brackets, strings); each item's text is for JSON.parse to judge.
 */
export class JsonItemSplitter {
  private line = 1;
  private readonly stack: number[] = [];
  private inString = false;
  private escaped = false;
  private failed = false;
  /** Depth at which the streamed array's elements start (1 for a top-level array, 2 for value/records), or 0. */
  private arrayDepth = 0;
  private container: ItemContainer = 'whole';
  private index = 0;
  /** The item being collected: its text so far (undefined once over the limit), start line, and kind. */
  private item: { parts: string[]; chars: number; line: number; scalar: boolean; tooLarge: boolean } | undefined;
  /** Within a top-level object, before its value/records array: the key being read, and the last key read. */
  private key: string | undefined;
  private lastKey: string | undefined;
  private expectValue = false;
  private streamedInObject = false;
  /** Items emitted so far. */
  emitted = 0;

  constructor(private readonly maxItemChars: number) {}

  /** The events found in `text`, the next part of the input. */
  *feed(text: string): Generator<SplitEvent> {
    if (this.failed) return;
    let sliceStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE) this.line++;
      const depth = this.stack.length;

      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.key !== undefined && depth === 1) {
            this.lastKey = this.key;
            this.key = undefined;
          }
          if (this.item?.scalar && depth === this.arrayDepth) {
            this.append(text, sliceStart, i + 1);
            sliceStart = i + 1;
            yield* this.endItem();
          }
        } else if (c === NEWLINE) {
          yield this.fail(this.line - 1, 'a string runs past the end of its line');
          return;
        } else if (this.key !== undefined && this.key.length < 16) this.key += text[i];
        continue;
      }

      // A scalar element ends at the first delimiter after it.
      if (this.item?.scalar && (isSpace(c) || c === COMMA || c === CLOSE_ARRAY || c === CLOSE_OBJECT)) {
        this.append(text, sliceStart, i);
        sliceStart = i;
        yield* this.endItem();
      }

      if (isSpace(c)) continue;

      if (depth === 0 && c !== OPEN_ARRAY && c !== OPEN_OBJECT) {
        yield this.fail(this.line, `expected a JSON array or object, found ${JSON.stringify(text[i])}`);
        return;
      }

      // Starting an element of the streamed array, or a top-level value.
      if (this.item === undefined && (depth === 0 || (depth === this.arrayDepth && c !== COMMA && c !== CLOSE_ARRAY))) {
        if (depth === 0 && c === OPEN_ARRAY) {
          this.arrayDepth = 1;
          this.container = 'array';
          this.index = 0;
        } else {
          const whole = depth === 0;
          if (whole) {
            this.container = 'whole';
            this.streamedInObject = false;
            this.expectValue = false;
          }
          this.item = {
            parts: [],
            chars: 0,
            line: this.line,
            scalar: c !== OPEN_OBJECT && c !== OPEN_ARRAY,
            tooLarge: false,
          };
          sliceStart = i;
        }
      } else if (depth === 1 && this.arrayDepth !== 1) {
        // Inside a top-level object: find the value/records array to stream.
        if (c === QUOTE && !this.expectValue) this.key = '';
        else if (c === COLON) this.expectValue = true;
        else if (c === COMMA) this.expectValue = false;
        else if (this.expectValue) {
          this.expectValue = false;
          if (c === OPEN_ARRAY && !this.streamedInObject && (this.lastKey === 'value' || this.lastKey === 'records')) {
            this.streamedInObject = true;
            this.container = this.lastKey;
            this.index = 0;
            this.arrayDepth = 2;
            if (this.item !== undefined) this.item = undefined; // the object is read through its array, not whole
          }
        }
      }

      if (c === QUOTE) {
        this.inString = true;
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (depth >= maxDepth) {
          yield this.fail(this.line, `nested deeper than ${maxDepth} levels`);
          return;
        }
        this.stack.push(c);
        if (depth === 0 && c === OPEN_OBJECT) this.expectValue = false;
        continue;
      }
      if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        const open = this.stack.pop();
        if (open === undefined || (open === OPEN_OBJECT) !== (c === CLOSE_OBJECT)) {
          yield this.fail(this.line, `unexpected ${JSON.stringify(text[i])}`);
          return;
        }
        const now = this.stack.length;
        if (
          this.item !== undefined &&
          !this.item.scalar &&
          now === (this.container === 'whole' ? 0 : this.arrayDepth)
        ) {
          this.append(text, sliceStart, i + 1);
          sliceStart = i + 1;
          yield* this.endItem();
        } else if (now === this.arrayDepth - 1 && this.arrayDepth > 0) {
          this.arrayDepth = 0; // the streamed array closed
        }
      }
    }
    if (this.item !== undefined) this.append(text, sliceStart, text.length);
  }

  /** Call after the last text: reports a document that ends inside a value. */
  *end(): Generator<SplitEvent> {
    if (this.failed) return;
    if (this.item?.scalar && this.stack.length === this.arrayDepth) {
      yield* this.endItem();
    }
    if (this.stack.length > 0 || this.inString || this.item !== undefined) {
      yield this.fail(this.line, 'the document ends inside a value (truncated?)');
    }
  }

  private append(text: string, from: number, to: number): void {
    const item = this.item;
    if (item === undefined || item.tooLarge || to <= from) return;
    item.chars += to - from;
    if (item.chars > this.maxItemChars) {
      item.tooLarge = true;
      item.parts = [];
      return;
    }
    item.parts.push(text.slice(from, to));
  }

  private *endItem(): Generator<SplitEvent> {
    const item = this.item;
    if (item === undefined) return;
    this.item = undefined;
    const place = { container: this.container, index: this.container === 'whole' ? 0 : this.index++, line: item.line };
    this.emitted++;
    if (item.tooLarge) yield { kind: 'too-large', ...place };
    else yield { kind: 'item', ...place, text: item.parts.join('') };
  }

  private fail(line: number, message: string): SplitEvent {
    this.failed = true;
    return { kind: 'error', line, message };
  }
}
