// Generated demo data: plausible, and the same every time for the same ids (seeded by their hash).
import { createHash } from 'node:crypto';
import type { WireInstanceTrace, WireLossArrays, WireLossEntry, WireStat } from '../upstream/wire.js';

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

const VENDORS: Vendor[] = [
  {
    platform: 1,
    system: 'iOS',
    models: ['iPhone15,2', 'iPhone14,5', 'iPad13,4'],
    failures: [
      [410, 'Unregistered'],
      [400, 'BadDeviceToken'],
    ],
  },
  {
    platform: 4,
    system: 'Android',
    models: ['Pixel 8', 'SM-S918B', 'moto g84'],
    failures: [
      [404, 'UNREGISTERED'],
      [400, 'INVALID_ARGUMENT'],
    ],
  },
  {
    platform: 3,
    system: 'Android',
    models: ['ALN-AL00', 'NOH-AN00'],
    failures: [
      [80300007, 'Invalid token'],
      [80100003, 'Illegal payload'],
    ],
  },
  {
    platform: 2,
    system: 'Android',
    models: ['23049RAD8C', '2210132C'],
    failures: [
      [1, 'regid_invalid'],
      [20301, 'no valid targets'],
    ],
  },
  {
    platform: 6,
    system: 'Android',
    models: ['PHB110', 'PGEM10'],
    failures: [
      [11, 'Invalid RegistrationId'],
      [33, 'exceeded daily limit'],
    ],
  },
  {
    platform: 7,
    system: 'Android',
    models: ['V2309A', 'V2243A'],
    failures: [
      [10302, 'User Id invalid'],
      [10070, 'Exceeded daily push limit'],
    ],
  },
  { platform: 8, system: 'Android', models: ['FNE-AN00', 'ELI-AN00'], failures: [[80300007, 'Invalid token']] },
  { platform: 5, system: 'Android', models: ['MEIZU 20', 'MEIZU 18'], failures: [[110003, 'pushId invalid']] },
];

const READY_TO_SEND_FAILURES: [number, string][] = [
  [-1, 'certificate id not set'],
  [-2, 'token not uploaded'],
  [-3, 'notification bar disabled'],
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
  const accepted = next() < 0.75;
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
    const [pCode, pInfo] = pick(next, vendor.failures);
    const extra = withEventType ? { EventType: 1 } : {};
    platformReady.push({
      ...extra,
      PushPlatform: vendor.platform,
      ErrCode: String(rCode),
      ErrCount: 1 + Math.floor(next() * scale),
      ErrInfo: rInfo,
    });
    platformPost.push({
      ...extra,
      PushPlatform: vendor.platform,
      ErrCode: String(pCode),
      ErrCount: 1 + Math.floor(next() * scale),
      ErrInfo: pInfo,
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
