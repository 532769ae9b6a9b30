import type { ExplainNode } from '@b2c-alerts/rule-engine';
import { escapeControlChars } from '../text/escape-control-chars.js';

const maxValueLength = 200;

/** A value as JSON on one line (absent when undefined), escaped and clipped: event values are untrusted. */
function value(v: unknown): string {
  if (v === undefined) return '(absent)';
  const json = escapeControlChars(JSON.stringify(v) ?? String(v));
  return json.length > maxValueLength ? `${json.slice(0, maxValueLength - 1)}…` : json;
}

function line(node: ExplainNode): string {
  const mark = node.result ? '✓' : '✗';
  const name = node.name !== undefined && node.kind !== 'condition' ? `  [${escapeControlChars(node.name)}]` : '';
  switch (node.kind) {
    case 'leaf': {
      const fact = node.path === undefined ? node.fact : `${node.fact} ${node.path}`;
      return `${mark} ${fact} ${node.operator} ${value(node.expected)}; actual ${value(node.actual)}${name}`;
    }
    case 'condition':
      return `${mark} condition ${node.name ?? ''}`;
    default:
      return `${mark} ${node.kind}${name}`;
  }
}

/** The condition tree as indented lines: ✓ or ✗, then the fact, operator, expected and actual values. */
export function formatExplainTree(node: ExplainNode, depth = 0): string[] {
  return [
    `${'  '.repeat(depth)}${line(node)}`,
    ...(node.children ?? []).flatMap((child) => formatExplainTree(child, depth + 1)),
  ];
}
