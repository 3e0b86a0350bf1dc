// Webhooks out, without becoming a way into the private network: the host is resolved here (every address), a
// loopback, private, link-local or otherwise non-public address is refused unless the host is listed in
// ALERT_WEBHOOK_HOSTS, and the connection goes to the very addresses checked (undici's connect `lookup` answers
// only them), with no redirect followed and one timeout for the whole request. Checked when a rule is written and
// again at each send. Errors are the gateway's own words: never the URL, whose path and query hold tokens.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { answerError, type Outgoing } from './formats.js';
import type { WebhookFormat } from './model.js';

interface Address {
  address: string;
  family: 4 | 6;
}

export type Checked = { ok: true; addresses: Address[] } | { ok: false; reason: string };

const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network, unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 address. */
function groupsOf(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), or undefined. */
function embeddedIpv4(address: string): string | undefined {
  const g = groupsOf(address);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return undefined;
}

/** Whether an address is reachable from the internet at large (not loopback, private, link-local…). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  const inner = embeddedIpv4(address);
  if (inner !== undefined) return isPublicAddress(inner);
  return !NOT_PUBLIC.check(address, 'ipv6');
}

/** The URL's host as ALERT_WEBHOOK_HOSTS lists it: lower case, an IPv6 address without brackets. */
const hostOf = (url: URL) => url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');

async function resolveWithin(host: string, ms: number): Promise<Address[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  try {
    const found = await Promise.race([lookup(host, { all: true, verbatim: true }), late]);
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a webhook URL may be called now, and at which addresses. */
export async function checkTarget(raw: string, allowedHosts: ReadonlySet<string>, timeoutMs: number): Promise<Checked> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: 'must be an http or https URL' };
  if (url.username || url.password) return { ok: false, reason: 'must not carry a user name or password' };
  const host = hostOf(url);
  let addresses: Address[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await resolveWithin(host, timeoutMs);
    } catch (error) {
      return {
        ok: false,
        reason:
          (error as Error).message === 'timeout'
            ? 'names a host that did not resolve in time'
            : 'names a host that does not resolve',
      };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: 'names a host that does not resolve' };
  if (!allowedHosts.has(host) && !addresses.every((a) => isPublicAddress(a.address)))
    return {
      ok: false,
      reason:
        'reaches a loopback, private, link-local or otherwise non-public address; list its host in ALERT_WEBHOOK_HOSTS to allow it',
    };
  return { ok: true, addresses };
}

/** net's lookup answering only the addresses checked, whatever the name resolves to by the time it connects. */
function pinned(addresses: Address[]): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  }) as unknown as LookupFunction;
}

export interface Sent {
  ok: boolean;
  /** Why not, in the gateway's words. */
  error: string | null;
}

/** A network failure in a few words, without undici's message (which may name the host and path). */
function failureOf(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || /TIMEOUT/i.test(e.code ?? ''))
    return `no answer within ${timeoutMs} ms`;
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ECONNRESET' || e.code === 'UND_ERR_SOCKET') return 'connection closed before the answer';
  return `network error (${e.code ?? e.name ?? 'unknown'})`;
}

const MAX_ANSWER_BYTES = 64 * 1024;

/** POSTs one message, checking its target first; resolves with the outcome, never rejects. */
export async function send(
  outgoing: Outgoing,
  format: WebhookFormat,
  opts: { allowedHosts: ReadonlySet<string>; timeoutMs: number },
): Promise<Sent> {
  const { timeoutMs } = opts;
  const checked = await checkTarget(outgoing.url, opts.allowedHosts, timeoutMs);
  if (!checked.ok) return { ok: false, error: `refused: the URL ${checked.reason}` };
  const agent = new Agent({
    connect: { lookup: pinned(checked.addresses), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  try {
    const res = await request(outgoing.url, {
      method: 'POST',
      headers: { 'user-agent': 'timpush-gateway alerts', ...outgoing.headers },
      body: outgoing.body,
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
    });
    let answer = '';
    for await (const chunk of res.body) {
      if (answer.length < MAX_ANSWER_BYTES) answer += (chunk as Buffer).toString('utf8');
    }
    if (res.statusCode >= 300 && res.statusCode < 400)
      return { ok: false, error: `answered ${res.statusCode}; redirects are not followed` };
    if (res.statusCode < 200 || res.statusCode >= 300) return { ok: false, error: `answered HTTP ${res.statusCode}` };
    const refused = answerError(format, answer);
    return refused ? { ok: false, error: refused } : { ok: true, error: null };
  } catch (error) {
    return { ok: false, error: failureOf(error, timeoutMs) };
  } finally {
    void agent.destroy().catch(() => undefined);
  }
}
