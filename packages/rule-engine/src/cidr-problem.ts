import { isIP } from 'node:net';

/** Why `text` is not an IPv4 or IPv6 CIDR block like `10.0.0.0/8` or `2001:db8::/32`, or undefined. */
export function cidrProblem(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) {
    const version = isIP(text);
    if (version === 0) return `'${text}' is not a CIDR block; write for example 10.0.0.0/8 or 2001:db8::/32`;
    return `'${text}' has no prefix length; for one address write ${text}/${version === 4 ? 32 : 128}`;
  }
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  const version = isIP(address);
  if (version === 0) return `'${address}' in '${text}' is not an IPv4 or IPv6 address`;
  const max = version === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) {
    return `prefix length '/${prefix}' in '${text}' must be a number from 0 to ${max}`;
  }
  return undefined;
}
