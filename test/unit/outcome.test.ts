import { describe, expect, it } from 'vitest';
import { bestResult, outcomeOf } from '../../src/diagnosis/outcome.js';
import type { InstanceTrace, StageStat, TraceStage } from '../../src/upstream/model.js';

const ok = (stage: TraceStage): StageStat => ({
  stage,
  status: 'SUCCESS',
  errorCode: 0,
  errorInfo: 'success',
  eventTime: null,
});
const fail = (stage: TraceStage, errorCode: number, errorInfo = ''): StageStat => ({
  stage,
  status: 'FAILURE',
  errorCode,
  errorInfo,
  eventTime: null,
});
const device = (platform: InstanceTrace['platform'], stages: StageStat[]): InstanceTrace => ({
  instanceId: '1',
  pushTime: null,
  eventType: null,
  platform,
  deviceModel: null,
  system: null,
  systemVersion: null,
  token: null,
  certId: null,
  sdkVersion: null,
  pushVersion: null,
  notificationEnabled: true,
  recentlyActive: true,
  stages,
});

describe('outcomeOf', () => {
  it('is FAILED at the first failed stage, with its diagnosis', () => {
    const o = outcomeOf(device('APNS', [ok('IM_COMMIT'), ok('OFFLINE_SUBMIT'), fail('OFFLINE_CHANNEL', 410)]));
    expect(o.result).toBe('FAILED');
    expect(o.failedStage).toBe('OFFLINE_CHANNEL');
    expect(o.diagnosis).toMatchObject({ class: 'TOKEN_INVALID', pruneToken: true });
  });

  it('is CLICKED, DELIVERED (offline or online) or PENDING without a failure', () => {
    const offline = [ok('IM_COMMIT'), ok('OFFLINE_SUBMIT'), ok('OFFLINE_CHANNEL'), ok('OFFLINE_DEVICE')];
    expect(outcomeOf(device('HUAWEI', [...offline, ok('OFFLINE_CLICK')])).result).toBe('CLICKED');
    expect(outcomeOf(device('HUAWEI', offline)).result).toBe('DELIVERED');
    expect(outcomeOf(device('UNKNOWN', [ok('IM_COMMIT'), ok('ONLINE_CHANNEL'), ok('ONLINE_DEVICE')])).result).toBe(
      'DELIVERED',
    );
    expect(outcomeOf(device('HUAWEI', [ok('IM_COMMIT'), ok('OFFLINE_SUBMIT'), ok('OFFLINE_CHANNEL')]))).toEqual({
      result: 'PENDING',
      failedStage: null,
      diagnosis: null,
    });
  });
});

describe('bestResult', () => {
  it("is the best over a user's devices, PENDING with none", () => {
    const failed = device('APNS', [fail('OFFLINE_SUBMIT', -2)]);
    const delivered = device('UNKNOWN', [ok('ONLINE_DEVICE')]);
    const pending = device('FCM', [ok('OFFLINE_CHANNEL')]);
    expect(bestResult([failed, delivered])).toBe('DELIVERED');
    expect(bestResult([failed, pending])).toBe('PENDING');
    expect(bestResult([failed])).toBe('FAILED');
    expect(bestResult([])).toBe('PENDING');
  });
});
