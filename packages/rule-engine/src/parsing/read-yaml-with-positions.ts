import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { DocumentPath } from './document-path.js';

export interface TextPosition {
  line: number;
  column: number;
}

/** Which part of a place to point at: the mapping key, its value, or the mapping that holds it. */
export type PositionPart = 'key' | 'value' | 'parent';

export interface PositionedDocument {
  /** The document as plain data; undefined when it has syntax errors. */
  value: unknown;
  /** Syntax errors with the parser's positions; empty when the text parsed. */
  errors: Array<TextPosition & { message: string }>;
  /**
   * 1-based line and column of `path`. Where the path does not exist (a missing field) it falls back to
   * the deepest part that does, so a message always has a place.
   */
  positionOf(path: DocumentPath, part?: PositionPart): TextPosition;
}

/**
 * Parses YAML, or JSON with `json: true` (then also checked by JSON.parse, so YAML-only syntax in a
 * .json file is an error), keeping each node's place in the text for messages.
 */
export function readYamlWithPositions(text: string, options: { json?: boolean } = {}): PositionedDocument {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const at = (offset: number): TextPosition => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, source.length)));
    return { line, column: col };
  };
  const errors: PositionedDocument['errors'] = doc.errors.map((e) => ({ ...at(e.pos[0]), message: e.message }));
  let value: unknown;
  if (errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      errors.push({ ...at(0), message: (error as Error).message });
    }
  }
  if (errors.length === 0 && options.json) {
    const jsonError = checkJson(source);
    if (jsonError) errors.push({ ...at(jsonError.offset), message: jsonError.message });
  }
  return {
    value: errors.length === 0 ? value : undefined,
    errors,
    positionOf: (path, part = 'value') => at(offsetOf(doc, path, part)),
  };
}

function offsetOf(doc: Document, path: DocumentPath, part: PositionPart): number {
  const root = doc.contents as Node | null;
  if (!root) return 0;
  let node: Node = root;
  let keyNode: Node | undefined;
  let parent: Node = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const current: Node = isAlias(node) ? ((node.resolve(doc) as Node | undefined) ?? node) : node;
    let next: Node | undefined;
    let nextKey: Node | undefined;
    if (isMap(current)) {
      const pair = current.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair) {
        nextKey = pair.key as Node;
        next = (pair.value as Node | null) ?? undefined;
        if (!next || (isScalar(next) && next.range?.[0] === next.range?.[1])) next = nextKey;
      }
    } else if (isSeq(current) && typeof segment === 'number') {
      next = (current.items[segment] as Node | undefined) ?? undefined;
    }
    if (!next) return startOf(current);
    parent = current;
    node = next;
    keyNode = nextKey;
  }
  if (part === 'key' && keyNode) return startOf(keyNode);
  if (part === 'parent') return startOf(path.length === 0 ? node : parent);
  return startOf(node);
}

function startOf(node: Node): number {
  return node.range?.[0] ?? 0;
}

function checkJson(source: string): { offset: number; message: string } | undefined {
  try {
    JSON.parse(source);
    return undefined;
  } catch (error) {
    const raw = (error as Error).message;
    const offset = /at position (\d+)/.exec(raw);
    const message = raw.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    return { offset: offset ? Number(offset[1]) : 0, message };
  }
}
