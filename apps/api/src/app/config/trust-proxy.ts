import proxyaddr from 'proxy-addr';

/**
 * `TRUST_PROXY`: null = no proxy (the TCP peer is the client, `X-Forwarded-*` is ignored);
 * `{hops: N}` = the last N `X-Forwarded-For` hops are our proxies; `{addresses}` = a
 * request from one of these addresses/CIDRs (or proxy-addr's names `loopback`,
 * `linklocal`, `uniquelocal`) is from a proxy of ours.
 */
export type TrustProxySetting = { hops: number } | { addresses: string[] } | null;

/** proxy-addr's trust function: is the address `hop` steps from us one of our proxies? */
export type ProxyTrust = (address: string, hop: number) => boolean;

/** Throws a TypeError naming the entry that is not an address, CIDR or range name. */
export function compileProxyTrust(setting: TrustProxySetting): ProxyTrust {
  if (setting === null) return () => false;
  if ('hops' in setting) {
    const hops = setting.hops;
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(setting.addresses);
}
