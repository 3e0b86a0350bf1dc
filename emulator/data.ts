// Generated demo data: plausible, and the same every time for the same ids (seeded by their hash).
import { createHash } from 'node:crypto';
import { KNOWLEDGE } from '../src/diagnosis/codes.js';
import { PLATFORMS, type Platform } from '../src/upstream/model.js';
import type { WireInstanceTrace, WireLossArrays, WireLossEntry, WireStat } from '../src/upstream/wire.js';

/** A small seeded PRNG (mulberry32): deterministic data per id without storing anything. */
export function rng(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

interface Vendor {
  platform: number;
  system: string;
  models: string[];
  /** A realistic failure at the vendor channel: [code, info]. */
  failures: [number, string][];
}

/**
 * A vendor's failures as [code, info], taken from the diagnosis knowledge base so demo codes always have a
 * diagnosis; "400:BadDeviceToken" picks the entry of that reason.
 */
function known(platform: Platform, codes: string[]): [number, string][] {
  return codes.map((spec) => {
    const [code, reason] = spec.split(':');
    const entry = KNOWLEDGE.find((e) => e.platform === platform && e.code === code && (!reason || e.reason === reason));
    if (!entry) throw new Error(`no knowledge-base entry for ${platform} ${spec}`);
    return [Number(code), entry.reason ?? entry.meaning];
  });
}

const vendor = (platform: Platform, system: string, models: string[], failures: string[]): Vendor => ({
  platform: PLATFORMS.indexOf(platform),
  system,
  models,
  failures: known(platform, failures),
});

/** OPPO and HONOR fail nowhere at their channel here: the knowledge base has none of their codes yet. */
const VENDORS: Vendor[] = [
  vendor('APNS', 'iOS', ['iPhone15,2', 'iPhone14,5', 'iPad13,4'], ['410', '400:BadDeviceToken']),
  vendor('FCM', 'Android', ['Pixel 8', 'SM-S918B', 'moto g84'], ['404', '400']),
  vendor('HUAWEI', 'Android', ['ALN-AL00', 'NOH-AN00'], ['80300007', '80100003']),
  vendor('XIAOMI', 'Android', ['23049RAD8C', '2210132C'], ['1', '10034']),
  vendor('OPPO', 'Android', ['PHB110', 'PGEM10'], []),
  vendor('VIVO', 'Android', ['V2309A', 'V2243A'], ['10070']),
  vendor('HONOR', 'Android', ['FNE-AN00', 'ELI-AN00'], []),
  vendor('MEIZU', 'Android', ['MEIZU 20', 'MEIZU 18'], ['110003']),
];

/** Tencent's own codes before the vendor, with the ErrInfo its documented examples show. */
const READY_TO_SEND_FAILURES: [number, string][] = [
  [-1, 'certificate id not set'],
  [-2, 'token not uploaded'],
];

export interface Clock {
  /** Formats unix milliseconds as the upstream's local "YYYY-MM-DD HH:mm:ss". */
  format(ms: number): string;
  /** "Now" for generated data, fixed per emulator so answers stay stable. */
  anchorMs: number;
}

const stat = (ok: boolean, time: string, failure: [number, string] = [0, 'success']): WireStat => ({
  PushStatus: ok ? 1 : 2,
  ErrorCode: ok ? 0 : failure[0],
  ErrorInfo: ok ? 'success' : failure[1],
  EventTime: time,
});

function instance(next: () => number, clock: Clock, index: number): WireInstanceTrace {
  const online = next() < 0.2;
  const vendor = pick(next, VENDORS);
  const pushMs = clock.anchorMs - Math.floor(next() * 6 * 86_400_000);
  const at = (s: number) => clock.format(pushMs + s * 1000);
  const token = online ? '' : Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  const trace: WireInstanceTrace = {
    InstanceId: String(10_000_000 + Math.floor(next() * 89_999_999) + index),
    PushTime: at(0),
    DeviceModel: pick(next, vendor.models),
    System: vendor.system,
    SystemVersion: vendor.system === 'iOS' ? pick(next, ['17.5', '18.1']) : pick(next, ['13', '14', '15']),
    EventType: online ? 2 : 1,
    PushPlatform: online ? 0 : vendor.platform,
    Token: token,
    CertId: online ? '0' : String(10_000 + Math.floor(next() * 50_000)),
    SdkVersion: pick(next, ['7.9.5666', '8.0.6', '8.1.6116']),
    PushVersion: pick(next, ['8.0.6', '8.1.6116']),
    NotificationStatus: next() < 0.85 ? 1 : 0,
    LastActiveTerminal: next() < 0.7 ? 1 : 0,
    IMCommitStat: { IMStat: stat(true, at(0)) },
  };
  if (online) {
    const delivered = next() < 0.9;
    trace.OnlinePushStat = {
      ChannelStat: stat(true, at(1)),
      DeviceStat: stat(delivered, at(1), [-10, 'device offline']),
    };
    return trace;
  }
  // Each stage exists only if the one before it succeeded, as in the real funnel.
  const offline: NonNullable<WireInstanceTrace['OfflinePushStat']> = {};
  trace.OfflinePushStat = offline;
  const submitted = next() < 0.9;
  offline.OfflineStat = stat(submitted, at(1), pick(next, READY_TO_SEND_FAILURES));
  if (!submitted) return trace;
  const accepted = next() < 0.75 || vendor.failures.length === 0;
  offline.ChannelStat = stat(accepted, at(2), pick(next, vendor.failures));
  if (!accepted) return trace;
  offline.DeviceStat = stat(true, at(3));
  if (next() < 0.4) offline.ClickStat = stat(true, at(60 + Math.floor(next() * 3600)));
  return trace;
}

export function generateTrace(seed: string, clock: Clock): WireInstanceTrace[] {
  const next = rng(seed);
  const count = 1 + Math.floor(next() * 3);
  return Array.from({ length: count }, (_, i) => instance(next, clock, i));
}

export function generateLoss(seed: string, withEventType: boolean): WireLossArrays {
  const next = rng(seed);
  const scale = 10 + Math.floor(next() * 500);
  const platformReady: WireLossEntry[] = [];
  const platformPost: WireLossEntry[] = [];
  for (const vendor of VENDORS) {
    if (next() < 0.35) continue;
    const [rCode, rInfo] = pick(next, READY_TO_SEND_FAILURES);
    const failure = vendor.failures.length > 0 ? pick(next, vendor.failures) : undefined;
    const extra = withEventType ? { EventType: 1 } : {};
    platformReady.push({
      ...extra,
      PushPlatform: vendor.platform,
      ErrCode: String(rCode),
      ErrCount: 1 + Math.floor(next() * scale),
      ErrInfo: rInfo,
    });
    if (!failure) continue;
    platformPost.push({
      ...extra,
      PushPlatform: vendor.platform,
      ErrCode: String(failure[0]),
      ErrCount: 1 + Math.floor(next() * scale),
      ErrInfo: failure[1],
    });
  }
  return {
    ReadyToSendLoss: sumByCode(platformReady),
    PostSendDeliveredLoss: sumByCode(platformPost),
    PlatformReadyToSendLoss: platformReady,
    PlatformPostSendDeliveredLoss: platformPost,
  };
}

/** The overall arrays are the per-channel ones summed by error code. */
function sumByCode(entries: WireLossEntry[]): WireLossEntry[] {
  const byCode = new Map<string, WireLossEntry>();
  for (const e of entries) {
    const sum = byCode.get(e.ErrCode);
    if (sum) sum.ErrCount += e.ErrCount;
    else byCode.set(e.ErrCode, { ErrCode: e.ErrCode, ErrCount: e.ErrCount, ErrInfo: e.ErrInfo });
  }
  return [...byCode.values()];
}
