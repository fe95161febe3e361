import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey, ClientAddressResolver, isLoopback, normalizeAddress } from './client-address';
import { OriginPolicy } from './origin-policy';

function request(peer: string, headers: Record<string, string> = {}, encrypted = false): IncomingMessage {
  return { socket: { remoteAddress: peer, encrypted }, headers } as unknown as IncomingMessage;
}

describe('ClientAddressResolver', () => {
  it('without TRUST_PROXY: the TCP peer, whatever X-Forwarded-For says', () => {
    const resolver = new ClientAddressResolver(null);
    const spoofed = request('203.0.113.7', { 'x-forwarded-for': '198.51.100.1, 10.0.0.1', 'x-forwarded-proto': 'https' });
    expect(resolver.address(spoofed)).toBe('203.0.113.7');
    expect(resolver.scheme(spoofed)).toBe('http');
    expect(resolver.fromTrustedProxy(spoofed)).toBe(false);
  });

  it('a hop count: the address the last N proxies saw', () => {
    const one = new ClientAddressResolver({ hops: 1 });
    expect(one.address(request('10.0.0.2', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' }))).toBe('203.0.113.9');
    expect(one.address(request('10.0.0.2'))).toBe('10.0.0.2');
    const two = new ClientAddressResolver({ hops: 2 });
    expect(two.address(request('10.0.0.2', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' }))).toBe('198.51.100.1');
  });

  it('an address list: hops are skipped only while they are our proxies', () => {
    const resolver = new ClientAddressResolver({ addresses: ['10.0.0.0/8', '::1'] });
    expect(resolver.address(request('10.1.2.3', { 'x-forwarded-for': '198.51.100.1, 10.9.9.9' }))).toBe('198.51.100.1');
    // a client that is not our proxy cannot choose its address
    expect(resolver.address(request('203.0.113.7', { 'x-forwarded-for': '198.51.100.1' }))).toBe('203.0.113.7');
    // a spoofed entry left of an untrusted hop is ignored
    expect(resolver.address(request('10.1.2.3', { 'x-forwarded-for': '1.1.1.1, 203.0.113.7' }))).toBe('203.0.113.7');
    expect(resolver.address(request('::1', { 'x-forwarded-for': '2001:db8::5' }))).toBe('2001:db8::5');
  });

  it('honours X-Forwarded-Proto only from a trusted proxy', () => {
    const resolver = new ClientAddressResolver({ addresses: ['loopback'] });
    expect(resolver.scheme(request('127.0.0.1', { 'x-forwarded-proto': 'https, http' }))).toBe('https');
    expect(resolver.scheme(request('203.0.113.7', { 'x-forwarded-proto': 'https' }))).toBe('http');
    expect(resolver.scheme(request('127.0.0.1', { 'x-forwarded-proto': 'gopher' }))).toBe('http');
    expect(resolver.scheme(request('203.0.113.7', {}, true))).toBe('https');
  });

  it('keys IPv6 clients by their /64 and IPv4 (also mapped) by the address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    const resolver = new ClientAddressResolver({ hops: 1 });
    expect(resolver.key(request('10.0.0.2', { 'x-forwarded-for': '2001:db8:1:2::77' }))).toBe('2001:db8:1:2::/64');
  });

  it('knows loopback addresses', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.8.9.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
    expect(isLoopback('unknown')).toBe(false);
  });
});

describe('OriginPolicy (the auth CSRF check and the socket handshake)', () => {
  it("accepts the request's own origin and ALLOWED_ORIGINS, nothing else", () => {
    const policy = new OriginPolicy(['https://pixels.example'], new ClientAddressResolver(null));
    const req = request('192.168.1.20', { host: '192.168.1.10:3000' });
    expect(policy.accepts('http://192.168.1.10:3000', req)).toBe(true);
    expect(policy.accepts('https://pixels.example', req)).toBe(true);
    expect(policy.accepts('http://192.168.1.10:3001', req)).toBe(false);
    expect(policy.accepts('https://192.168.1.10:3000', req)).toBe(false);
    expect(policy.accepts('null', req)).toBe(false);
    expect(policy.accepts('http://evil.example', request('1.2.3.4', { host: 'evil.example.' }))).toBe(false);
  });

  it('takes the scheme from a trusted proxy only', () => {
    const behindProxy = new OriginPolicy([], new ClientAddressResolver({ hops: 1 }));
    const direct = new OriginPolicy([], new ClientAddressResolver(null));
    const req = request('127.0.0.1', { host: 'pixels.example', 'x-forwarded-proto': 'https' });
    expect(behindProxy.accepts('https://pixels.example', req)).toBe(true);
    expect(direct.accepts('https://pixels.example', req)).toBe(false);
    expect(direct.accepts('http://pixels.example', req)).toBe(true);
  });
});
