import type { DocumentPath } from '../parsing/document-path.js';
import { splitOperator } from '../operators/operator-syntax.js';

/** A name a condition uses that must exist elsewhere in the rule set: a list or a shared condition. */
export interface ConditionReferenceSite {
  kind: 'list' | 'condition';
  name: string;
  /** Where the name is written: the leaf's `value`, or the reference's `condition`. */
  path: DocumentPath;
}

/**
 * Every list (`inList`/`notInList` value) and shared-condition (`condition`) name used in a condition
 * tree. Reads unvalidated data defensively, so names are checked even in a rule with other problems.
 */
export function conditionReferences(condition: unknown, path: DocumentPath = []): ConditionReferenceSite[] {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return [];
  const node = condition as Record<string, unknown>;
  const sites: ConditionReferenceSite[] = [];
  if (typeof node['condition'] === 'string')
    sites.push({ kind: 'condition', name: node['condition'], path: [...path, 'condition'] });
  if (typeof node['operator'] === 'string' && typeof node['value'] === 'string') {
    const { decorators, base } = splitOperator(node['operator']);
    if ((base === 'inList' || base === 'notInList') && !decorators.includes('swap')) {
      sites.push({ kind: 'list', name: node['value'], path: [...path, 'value'] });
    }
  }
  for (const group of ['all', 'any'] as const) {
    const children = node[group];
    if (Array.isArray(children))
      children.forEach((child, i) => sites.push(...conditionReferences(child, [...path, group, i])));
  }
  if ('not' in node) sites.push(...conditionReferences(node['not'], [...path, 'not']));
  return sites;
}
