import { BlockList, isIP } from 'node:net';
import { Prng } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { compileCidrBlocks, cidrOperator } from '../../../src/operators/custom/cidr-operator.js';
import { compileIpv4Blocks, parseIpv4 } from '../../../src/operators/custom/ipv4-blocks.js';
import { emptyContext } from '../../helpers/rules.js';

const random = new Prng(42);
const int = (n: number) => random.int(n);
const v4 = () => `${int(256)}.${int(256)}.${int(256)}.${int(256)}`;
const near = (base: string) =>
  base
    .split('.')
    .map((o, i) => (i < 2 || random.chance(0.5) ? o : String(int(256))))
    .join('.');

describe('cidr', () => {
  it('parses IPv4 exactly as net.isIP does', () => {
    for (const text of [
      '1.2.3.4',
      '0.0.0.0',
      '255.255.255.255',
      '256.1.1.1',
      '01.2.3.4',
      '1.2.3',
      '1.2.3.4.5',
      ' 1.2.3.4',
      '1.2.3.4 ',
      '1.2.3.-4',
      '1e1.2.3.4',
      '',
      '::1',
      '::ffff:1.2.3.4',
    ]) {
      expect({ text, parsed: parseIpv4(text) !== undefined }).toEqual({ text, parsed: isIP(text) === 4 });
    }
    expect(parseIpv4('10.1.2.3')).toBe(0x0a010203);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
  });

  it('IPv4 fast path answers as BlockList on random addresses and blocks', () => {
    for (let round = 0; round < 300; round += 1) {
      const blocks = Array.from({ length: 1 + int(4) }, () => {
        const kind = random.next();
        if (kind < 0.7) return `${v4()}/${int(33)}`;
        if (kind < 0.8) return v4();
        return ['2001:db8::/32', 'fe80::/10', '2001:db8::1', 'abcd::/16', '8000::/1'][int(5)] as string;
      });
      const list = compileCidrBlocks(blocks);
      const fast = compileIpv4Blocks(blocks);
      expect(fast).toBeDefined();
      const anchors = blocks.filter((b) => isIP(b.split('/')[0] as string) === 4).map((b) => b.split('/')[0] as string);
      for (let i = 0; i < 200; i += 1) {
        const address = anchors.length > 0 && random.chance(0.6) ? near(anchors[int(anchors.length)] as string) : v4();
        expect({ blocks, address, inside: fast?.(parseIpv4(address) as number) }).toEqual({
          blocks,
          address,
          inside: list.check(address, 'ipv4'),
        });
      }
    }
  });

  it('leaves IPv6 blocks that can hold mapped IPv4 addresses to BlockList', () => {
    for (const block of [
      '::/0',
      '::ffff:0:0/96',
      '::ffff:10.0.0.0/104',
      '::1',
      '0::/8',
      '0:0:0:0:0:ffff::/96',
      '8000::/0',
    ]) {
      expect({ block, fast: compileIpv4Blocks(['10.0.0.0/8', block]) }).toEqual({ block, fast: undefined });
    }
    const prepared = cidrOperator.prepare!(['::ffff:10.0.0.0/104'], emptyContext);
    const list = new BlockList();
    list.addSubnet('::ffff:10.0.0.0', 104, 'ipv6');
    for (const address of ['10.1.2.3', '11.1.2.3', '::ffff:10.1.2.3', '::ffff:11.0.0.1']) {
      expect({ address, inside: prepared(address) }).toEqual({
        address,
        inside: list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6'),
      });
    }
  });

  it('prepared and per-call evaluation agree, IPv4 and IPv6 facts alike', () => {
    const value = ['10.0.0.0/8', '192.0.2.1', '2001:db8::/32'];
    const prepared = cidrOperator.prepare!(value, emptyContext);
    for (const fact of [
      '10.255.0.1',
      '11.0.0.1',
      '192.0.2.1',
      '192.0.2.2',
      '2001:db8:1::5',
      '2001:db9::',
      '::ffff:10.0.0.1',
      'x',
      5,
      undefined,
    ]) {
      expect({ fact, inside: prepared(fact) }).toEqual({
        fact,
        inside: cidrOperator.evaluate(fact, value, emptyContext),
      });
    }
  });
});
