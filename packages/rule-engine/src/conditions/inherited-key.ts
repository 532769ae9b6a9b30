// The prototypes a JSON value can inherit from (null-prototype objects inherit nothing).
const prototypes: readonly object[] = [
  Object.prototype,
  Array.prototype,
  String.prototype,
  Number.prototype,
  Boolean.prototype,
];

/**
 * True when some JSON value could inherit `key` (`toString`, `length`, `map`, `__proto__`, …). For any
 * other key, `value[key]` is already the own property or undefined, so readers that must ignore
 * inherited properties only pay for `Object.hasOwn` on these.
 */
export function isInheritedKey(key: string): boolean {
  return prototypes.some((prototype) => key in prototype);
}
