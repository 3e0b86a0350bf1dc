// Folding callback events into a recipient's devices: the result, the stage a device failed at, and the class of
// its failure, which the invalid-token list and the summary's counts read.
import { describe, expect, it } from 'vitest';
import type { PushEvent } from '../../src/events/model.js';
import { fold, hasInvalidToken, resultOf } from '../../src/recipients/model.js';

const event = (over: Partial<PushEvent>): PushEvent => ({
  eventId: 'e',
  command: 'Push.AllMemberPush',
  taskId: 't',
  pushId: null,
  dataId: null,
  account: 'u1',
  fromAccount: null,
  groupId: null,
  platform: 'XIAOMI',
  platformCode: 3,
  eventType: 'OFFLINE',
  chatType: null,
  stage: 'SENT',
  errorCode: 0,
  errorInfo: '',
  eventTime: 1_000,
  taskTime: null,
  receivedAt: 1_000,
  ...over,
});

describe('a recipient folded from its callbacks', () => {
  it('reads a vendor channel refusing the token at SENT as a dead token (Xiaomi 1 regid_invalid)', () => {
    const devices = fold([], event({ errorCode: 1, errorInfo: 'regid_invalid' }));
    expect(devices[0]).toMatchObject({ f: 1, c: 1, k: 'TOKEN_INVALID' });
    expect(hasInvalidToken(devices)).toBe(true);
    expect(resultOf(devices)).toBe('FAILED');
  });

  it("reads Tencent's own failure before the vendor at SENT as configuration (-1, no certificate)", () => {
    const devices = fold([], event({ platform: 'APNS', errorCode: -1, errorInfo: 'certificate id not set' }));
    expect(devices[0]).toMatchObject({ f: 1, k: 'CONFIG' });
    expect(hasInvalidToken(devices)).toBe(false);
  });

  it('reads a failure after the vendor took it with the entry of that stage (APNs 410 at DELIVERED)', () => {
    const sent = fold([], event({ platform: 'APNS', platformCode: 1 }));
    const devices = fold(
      sent,
      event({
        platform: 'APNS',
        platformCode: 1,
        stage: 'DELIVERED',
        errorCode: 410,
        errorInfo: 'Unregistered',
        eventTime: 2_000,
      }),
    );
    expect(devices[0]).toMatchObject({ r: 1, f: 2, k: 'TOKEN_INVALID' });
  });
});
