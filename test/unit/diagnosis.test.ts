import { describe, expect, it } from 'vitest';
import { LOSS_CLASSES, diagnose, diagnoseBucket, knowledgeBase } from '../../src/diagnosis/index.js';
import type { LossBucket } from '../../src/upstream/model.js';

describe('diagnosis knowledge base', () => {
  it('gives every entry a source URL, a class, a meaning and a remedy', () => {
    expect(knowledgeBase().length).toBeGreaterThan(50);
    for (const entry of knowledgeBase()) {
      expect(entry.source, `${entry.platform} ${entry.code}`).toMatch(/^https:\/\/\S+$/);
      expect(LOSS_CLASSES).toContain(entry.class);
      expect(entry.meaning.length).toBeGreaterThan(5);
      expect(entry.remedy.length).toBeGreaterThan(5);
    }
  });

  it('holds each (platform, code, reason, stage) once', () => {
    const keys = knowledgeBase().map((e) => JSON.stringify([e.platform, e.code, e.reason ?? null, e.stage ?? null]));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('covers Tencent, APNs, FCM, Huawei send and receipt codes, Xiaomi, vivo and Meizu', () => {
    const platforms = new Set(knowledgeBase().map((e) => e.platform));
    expect([...platforms].sort()).toEqual([null, 'APNS', 'FCM', 'HUAWEI', 'MEIZU', 'VIVO', 'XIAOMI'].sort());
    expect(diagnose('HUAWEI', '6').class).toBe('USER_OPTOUT');
    expect(diagnose('HUAWEI', '80300002').class).toBe('CONFIG');
  });
});

describe('diagnose', () => {
  it("reads Tencent's own -1 on any channel before sending", () => {
    for (const platform of [null, 'XIAOMI', 'APNS'] as const) {
      const d = diagnose(platform, '-1', 'READY_TO_SEND');
      expect(d.class).toBe('CONFIG');
      expect(d.meaning).toMatch(/certificate/);
      expect(d.source).toBe('https://trtc.io/zh/document/71898');
    }
    expect(diagnose('APNS', -2, 'OFFLINE_SUBMIT').class).toBe('CONFIG');
  });

  it('reads APNs 410 as a dead token to prune, not to retry', () => {
    expect(diagnose('APNS', 410, 'OFFLINE_CHANNEL')).toMatchObject({
      class: 'TOKEN_INVALID',
      pruneToken: true,
      retryable: false,
    });
  });

  it('reads Huawei 80300007 as an invalid token', () => {
    expect(diagnose('HUAWEI', '80300007')).toMatchObject({ class: 'TOKEN_INVALID', pruneToken: true });
  });

  it('invents nothing for an unknown code', () => {
    expect(diagnose('VIVO', '10302')).toEqual({
      class: 'UNKNOWN',
      meaning: null,
      remedy: null,
      retryable: false,
      pruneToken: false,
      source: null,
    });
    expect(diagnose('OPPO', '410').class).toBe('UNKNOWN');
  });

  it("never reads a vendor's code without its vendor", () => {
    expect(diagnose(null, '410').class).toBe('UNKNOWN');
    expect(diagnose('UNKNOWN', '80300007').class).toBe('UNKNOWN');
    // 201 is two different things at Huawei and Meizu.
    expect(diagnose('HUAWEI', '201').class).toBe('QUOTA_RATE');
    expect(diagnose('MEIZU', '201').class).toBe('CONFIG');
  });

  it('refines by stage and by the reason beside the code', () => {
    expect(diagnose('APNS', '-1', 'POST_SEND_DELIVERED').class).toBe('UNKNOWN');
    expect(diagnose('APNS', '400', null, 'BadDeviceToken').class).toBe('TOKEN_INVALID');
    expect(diagnose('APNS', '400', null, 'PayloadEmpty').class).toBe('PAYLOAD');
    expect(diagnose('APNS', '400').class).toBe('PAYLOAD');
    expect(diagnose('FCM', 'UNREGISTERED')).toMatchObject({ class: 'TOKEN_INVALID', pruneToken: true });
  });

  it("reads an overall bucket's code as its channel's when only one channel shows it", () => {
    const bucket = (platform: LossBucket['platform'], errorCode: string): LossBucket => ({
      stage: 'POST_SEND_DELIVERED',
      platform,
      eventType: null,
      errorCode,
      errorInfo: '',
      count: 1,
    });
    expect(diagnoseBucket(bucket(null, '410'), [bucket('APNS', '410')]).class).toBe('TOKEN_INVALID');
    expect(diagnoseBucket(bucket(null, '410'), [bucket('APNS', '410'), bucket('HUAWEI', '410')]).class).toBe('UNKNOWN');
  });
});
