import { isIP } from 'node:net';

/**
 * The key a client is limited by: an IPv4 address as is (also when written IPv4-mapped, ::ffff:a.b.c.d),
 * an IPv6 address by its /64 (one host is usually given a whole /64, so rotating addresses in it stays
 * one client), anything else as given.
 */
export function clientKey(address: string): string {
  const a = address
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
  if (isIP(a) === 4) return a;
  if (isIP(a) !== 6) return a;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1]!;
  return `${expandIpv6(a).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address (`::` expanded, an embedded IPv4 tail as two groups). */
function expandIpv6(address: string): string[] {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [b0, b1, b2, b3] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + `${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((g) => Number.parseInt(g, 16).toString(16));
}
