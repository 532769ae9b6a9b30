import { BlockList, isIP } from 'node:net';
import { RuleCompileError } from '../../errors/rule-compile-error.js';
import { compileIpv4Blocks, parseIpv4 } from './ipv4-blocks.js';
import type { OperatorDefinition } from '../operator-definition.js';

/**
 * The blocks of a `cidr` value (one block or a list) as a BlockList: `10.0.0.0/8`, `2001:db8::/32`, or a
 * bare address meaning that one address. IPv4 blocks also match IPv4-mapped IPv6 facts (`::ffff:10.1.2.3`).
 */
export function compileCidrBlocks(value: unknown): BlockList {
  const blocks = Array.isArray(value) ? value : [value];
  const list = new BlockList();
  for (const block of blocks) {
    if (typeof block !== 'string')
      throw new RuleCompileError(`Invalid cidr block ${JSON.stringify(block)}: write e.g. 10.0.0.0/8.`);
    const slash = block.indexOf('/');
    const address = slash < 0 ? block : block.slice(0, slash);
    const version = isIP(address);
    const prefixText = slash < 0 ? '' : block.slice(slash + 1);
    const prefix = Number(prefixText);
    const max = version === 4 ? 32 : 128;
    if (version === 0 || (slash >= 0 && (!/^\d{1,3}$/.test(prefixText) || prefix > max))) {
      throw new RuleCompileError(`Invalid cidr block "${block}": write e.g. 10.0.0.0/8 or 2001:db8::/32.`);
    }
    const type = version === 4 ? 'ipv4' : 'ipv6';
    if (slash < 0) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return list;
}

function contains(list: BlockList, factValue: unknown): boolean {
  if (typeof factValue !== 'string') return false;
  const version = isIP(factValue);
  if (version === 0) return false;
  try {
    return list.check(factValue, version === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}

const cache = new Map<string, BlockList | null>();
const cacheLimit = 1000;

function cachedBlocks(value: unknown): BlockList | null {
  const key = JSON.stringify(value) ?? '';
  let list = cache.get(key);
  if (list === undefined) {
    try {
      list = compileCidrBlocks(value);
    } catch {
      list = null;
    }
    if (cache.size >= cacheLimit) cache.clear();
    cache.set(key, list);
  }
  return list;
}

/** `cidr`: an IPv4 or IPv6 address fact inside one of the value's blocks; false for anything not an address. */
export const cidrOperator: OperatorDefinition = {
  evaluate: (factValue, value) => {
    const list = cachedBlocks(value);
    return list !== null && contains(list, factValue);
  },
  prepare: (value) => {
    const list = compileCidrBlocks(value);
    const inIpv4Blocks = compileIpv4Blocks((Array.isArray(value) ? value : [value]) as string[]);
    if (inIpv4Blocks === undefined) return (factValue) => contains(list, factValue);
    return (factValue) => {
      if (typeof factValue !== 'string') return false;
      const v4 = parseIpv4(factValue);
      return v4 === undefined ? contains(list, factValue) : inIpv4Blocks(v4);
    };
  },
};
