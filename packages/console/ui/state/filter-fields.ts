/**
 * The filters of the contract (investigate's EventFilter, as query parameters), in the order of the
 * filter bar. `list` fields take a comma list in one input; `repeat` fields take one input per value.
 */
export interface FilterField {
  name: string;
  label: string;
  kind: 'text' | 'list' | 'repeat';
  placeholder?: string;
  /** Suggestions (a datalist). */
  options?: string[];
}

export const filterFields: FilterField[] = [
  { name: 'since', label: 'Since', kind: 'text', placeholder: '7d, 2026-03-01 or 2026-03-01T10:00Z' },
  { name: 'until', label: 'Until', kind: 'text', placeholder: 'now' },
  {
    name: 'category',
    label: 'Category',
    kind: 'list',
    placeholder: 'Directory, Key, …',
    options: ['Authorization', 'Directory', 'Application', 'Key', 'Resource', 'Authentication'],
  },
  { name: 'activity', label: 'Activity', kind: 'repeat', placeholder: 'exact name' },
  { name: 'activityLike', label: 'Activity contains', kind: 'text' },
  { name: 'result', label: 'Result', kind: 'list', options: ['success', 'failure', 'timeout'] },
  { name: 'actor', label: 'Actor', kind: 'text', placeholder: 'UPN, object id, app id, name' },
  { name: 'target', label: 'Target', kind: 'text', placeholder: 'id, name or UPN' },
  { name: 'targetType', label: 'Target type', kind: 'text', placeholder: 'User, Application, …' },
  { name: 'ip', label: 'IP / CIDR', kind: 'text', placeholder: '203.0.113.0/24' },
  { name: 'policy', label: 'Policy', kind: 'text', placeholder: 'B2C_1A_…' },
  { name: 'app', label: 'App', kind: 'text', placeholder: 'application id' },
  { name: 'correlationId', label: 'Correlation id', kind: 'text' },
  { name: 'ids', label: 'Event ids', kind: 'list' },
  { name: 'detail', label: 'Detail', kind: 'repeat', placeholder: 'KEY=VALUE' },
  { name: 'text', label: 'Text', kind: 'text', placeholder: 'any field contains' },
];

export const filterNames: ReadonlySet<string> = new Set(filterFields.map((f) => f.name));
