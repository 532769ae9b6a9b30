// Node's own IPv4 grammar (net.isIPv4): four decimal octets 0-255, no leading zeros.
const octet = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const ipv4 = new RegExp(`^${octet}\\.${octet}\\.${octet}\\.${octet}$`);

/** An IPv4 address as an unsigned 32-bit number; undefined for anything net.isIPv4 rejects. */
export function parseIpv4(text: string): number | undefined {
  const match = ipv4.exec(text);
  if (match === null) return undefined;
  return ((Number(match[1]) << 24) | (Number(match[2]) << 16) | (Number(match[3]) << 8) | Number(match[4])) >>> 0;
}

/**
 * A pure-JS test of IPv4 addresses against CIDR blocks, answering as net.BlockList does (the network
 * address is masked, a bare address is a /32), ~10× faster than BlockList.check. Undefined when an
 * IPv6 block could match IPv4 addresses (one inside `::/80`, where BlockList maps IPv4 in), so the
 * caller keeps BlockList for those. Blocks must already be valid (see compileCidrBlocks).
 */
export function compileIpv4Blocks(blocks: readonly string[]): ((address: number) => boolean) | undefined {
  const networks: Array<{ network: number; mask: number }> = [];
  for (const block of blocks) {
    const slash = block.indexOf('/');
    const address = slash < 0 ? block : block.slice(0, slash);
    const v4 = parseIpv4(address);
    if (v4 === undefined) {
      const prefix = slash < 0 ? 128 : Number(block.slice(slash + 1));
      if (!outsideIpv4Space(address, prefix)) return undefined;
      continue;
    }
    const prefix = slash < 0 ? 32 : Number(block.slice(slash + 1));
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    networks.push({ network: (v4 & mask) >>> 0, mask });
  }
  return (address) => {
    for (const { network, mask } of networks) if ((address & mask) >>> 0 === network) return true;
    return false;
  };
}

/** True when every address of the IPv6 block has a non-zero first 16-bit group (so it is no mapped IPv4). */
function outsideIpv4Space(address: string, prefix: number): boolean {
  if (address.startsWith(':')) return false;
  const first = Number.parseInt(address.slice(0, address.indexOf(':')), 16);
  const bits = Math.min(prefix, 16);
  return bits > 0 && Number.isInteger(first) && first >>> (16 - bits) !== 0;
}
