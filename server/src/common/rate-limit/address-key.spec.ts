import { describe, expect, it } from 'vitest';
import { addressKey } from './address-key.js';

describe('addressKey', () => {
  it('keeps IPv4 addresses as they are', () => {
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::FFFF:192.0.2.7')).toBe('192.0.2.7');
  });

  it('puts every address of one IPv6 /64 under one key', () => {
    const keys = new Set(
      [
        '2001:db8:1:2::1',
        '2001:db8:1:2:aaaa:bbbb:cccc:dddd',
        '2001:0db8:0001:0002:ffff::9',
        '[2001:db8:1:2::5]',
      ].map(addressKey),
    );
    expect([...keys]).toEqual(['2001:0db8:0001:0002::/64']);
  });

  it('tells neighbouring /64s apart', () => {
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
  });

  it('expands "::" at the start and a zone id', () => {
    expect(addressKey('::1')).toBe('0000:0000:0000:0000::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0000:0000:0000::/64');
  });

  it('passes through what is not an address (a test harness name), unchanged', () => {
    expect(addressKey('unknown')).toBe('unknown');
  });
});
