/**
 * An IP address as 32 lower-case hex digits (its 128 bits; IPv4 as the IPv4-mapped IPv6 address
 * `::ffff:a.b.c.d`), so that one string comparison orders addresses and a CIDR block is one range.
 * The same rule is written in SQL for the index (rows/row-sql.ts `ip_key`); the two are tested
 * against each other. Anything else (zone ids, ports, names) has no key and matches no IP filter.
 */
export function ipKey(text: string | null | undefined): string | undefined {
  if (typeof text !== 'string' || text.length > 64) return undefined;
  const v4 = ipv4Hex(text);
  if (v4 !== undefined) return `00000000000000000000ffff${v4}`;
  return text.includes(':') ? ipv6Hex(text.toLowerCase()) : undefined;
}

const v4Pattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4Hex(text: string): string | undefined {
  const m = v4Pattern.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.map((o) => o.toString(16).padStart(2, '0')).join('');
}

const groupPattern = /^[0-9a-f]{1,4}$/;

function ipv6Hex(text: string): string | undefined {
  let s = text;
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes its two groups.
  const tail = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(s);
  if (tail) {
    const hex = ipv4Hex(tail[1]!);
    if (hex === undefined) return undefined;
    s = `${s.slice(0, s.length - tail[1]!.length)}${hex.slice(0, 4)}:${hex.slice(4)}`;
  }
  const halves = s.split('::');
  let groups: string[];
  if (halves.length === 1) {
    groups = s.split(':');
    if (groups.length !== 8) return undefined;
  } else if (halves.length === 2) {
    const head = halves[0] === '' ? [] : halves[0]!.split(':');
    const rest = halves[1] === '' ? [] : halves[1]!.split(':');
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return undefined;
    groups = [...head, ...Array<string>(missing).fill('0'), ...rest];
  } else {
    return undefined;
  }
  if (!groups.every((g) => groupPattern.test(g))) return undefined;
  return groups.map((g) => g.padStart(4, '0')).join('');
}

/** The inclusive key range of an address (one key) or a CIDR block, or undefined when `text` is neither. */
export function ipKeyRange(text: string): { low: string; high: string } | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const key = ipKey(address);
  if (key === undefined) return undefined;
  if (slash < 0) return { low: key, high: key };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const isV4 = ipv4Hex(address) !== undefined;
  const prefix = Number(prefixText) + (isV4 ? 96 : 0);
  if (prefix > 128) return undefined;
  const bits = BigInt(`0x${key}`);
  const hostMask = prefix === 128 ? 0n : (1n << BigInt(128 - prefix)) - 1n;
  const low = bits & ~hostMask & ((1n << 128n) - 1n);
  const high = low | hostMask;
  return { low: low.toString(16).padStart(32, '0'), high: high.toString(16).padStart(32, '0') };
}
