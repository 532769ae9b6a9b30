/**
 * Slack's documented message limits, so the emulator rejects what Slack would: the renderers' bounds are
 * tested against a fake that enforces them. Returns Slack's error code, or undefined when the message
 * would be accepted.
 */
export function checkSlackMessage(
  text: unknown,
  blocks: unknown,
): 'msg_too_long' | 'invalid_blocks' | 'no_text' | undefined {
  if (text !== undefined && typeof text !== 'string') return 'no_text';
  if (typeof text === 'string' && text.length > 40_000) return 'msg_too_long';
  if (blocks === undefined) return text ? undefined : 'no_text';
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 50) return 'invalid_blocks';
  return blocks.every(isValidBlock) ? undefined : 'invalid_blocks';
}

interface TextObject {
  type?: unknown;
  text?: unknown;
}

function textOf(value: unknown, max: number, types: readonly string[]): boolean {
  const t = value as TextObject | undefined;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.type === 'string' &&
    types.includes(t.type) &&
    typeof t.text === 'string' &&
    t.text.length > 0 &&
    t.text.length <= max
  );
}

function isValidBlock(block: unknown): boolean {
  if (typeof block !== 'object' || block === null) return false;
  const b = block as Record<string, unknown>;
  switch (b.type) {
    case 'header':
      return textOf(b.text, 150, ['plain_text']);
    case 'section': {
      const hasText = b.text !== undefined;
      if (hasText && !textOf(b.text, 3000, ['plain_text', 'mrkdwn'])) return false;
      if (b.fields === undefined) return hasText;
      return (
        Array.isArray(b.fields) &&
        b.fields.length > 0 &&
        b.fields.length <= 10 &&
        b.fields.every((f) => textOf(f, 2000, ['plain_text', 'mrkdwn']))
      );
    }
    case 'context':
      return (
        Array.isArray(b.elements) &&
        b.elements.length > 0 &&
        b.elements.length <= 10 &&
        b.elements.every(
          (e) => textOf(e, 3000, ['plain_text', 'mrkdwn']) || (e as { type?: unknown })?.type === 'image',
        )
      );
    case 'divider':
      return true;
    case 'actions':
      return Array.isArray(b.elements) && b.elements.length > 0 && b.elements.length <= 25;
    default:
      return typeof b.type === 'string';
  }
}
