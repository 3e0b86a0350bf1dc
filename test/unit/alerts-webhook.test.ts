// The webhook guard's address ranges, the masked URL and the signals a recipient's change adds.
import { describe, expect, it } from 'vitest';
import { fingerprint, maskUrl } from '../../src/alerts/model.js';
import { signalsOf } from '../../src/alerts/signals.js';
import { checkTarget, isPublicAddress } from '../../src/alerts/webhook.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a00:1',
    '64:ff9b::a00:1',
    '2002:c0a8:101::1',
    'ff02::1',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['1.1.1.1', '203.0.114.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    'allows %s',
    (address) => expect(isPublicAddress(address)).toBe(true),
  );
});

describe('checkTarget', () => {
  it('allows a listed host whatever it resolves to, and only it', async () => {
    expect(await checkTarget('http://127.0.0.1:9/x', new Set(['127.0.0.1']), 1000)).toMatchObject({ ok: true });
    expect(await checkTarget('http://127.0.0.1:9/x', new Set(), 1000)).toMatchObject({ ok: false });
    expect(await checkTarget('http://localhost:9/x', new Set(['127.0.0.1']), 1000)).toMatchObject({ ok: false });
    expect(await checkTarget('http://user:pw@1.1.1.1/x', new Set(), 1000)).toMatchObject({
      ok: false,
      reason: 'must not carry a user name or password',
    });
  });
});

describe('maskUrl', () => {
  it('keeps the origin and a fingerprint, never the path or query', () => {
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx';
    expect(maskUrl(url)).toBe(`https://qyapi.weixin.qq.com/…#${fingerprint(url)}`);
    expect(maskUrl(url)).not.toContain('693a91f6');
  });
});

describe('signalsOf', () => {
  it('counts a device once when it appears and once when it starts failing, nothing for a replay', () => {
    const change = (before: object[], after: object[]) => ({ kind: 'task', subject: 't', before, after }) as never;
    const sent = { p: 1, e: 1, r: 1, at: 1 };
    const failed = { p: 1, e: 1, r: 0, f: 1, c: 403, i: 'InvalidProviderToken', k: 'CONFIG', at: 1 };
    expect(signalsOf([change([], [sent])]).rows).toEqual([
      { kind: 'task', subject: 't', platform: 1, class: '', code: 0, attempted: 1, failed: 0 },
    ]);
    const { rows, codes } = signalsOf([change([], [failed])]);
    expect(rows.map((r) => [r.class, r.attempted, r.failed])).toEqual([
      ['', 1, 0],
      ['CONFIG', 0, 1],
    ]);
    expect(codes).toEqual([
      { platform: 1, code: 403, class: 'CONFIG', info: 'InvalidProviderToken', stage: 1, kind: 'task', subject: 't' },
    ]);
    // Sent first, failing at delivery later: a failure, not a second attempt.
    expect(signalsOf([change([sent], [{ ...failed, f: 2 }])]).rows.map((r) => [r.attempted, r.failed])).toEqual([
      [0, 1],
    ]);
    expect(signalsOf([change([failed], [failed])]).rows).toEqual([]);
  });
});
