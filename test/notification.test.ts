// The whole notification on sendBatchPush: every option reaches OfflinePushInfo under its documented name, what
// the upstream would refuse is refused before any call, and what a vendor cuts short is said as a warning.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type GqlError, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.reset());

const SEND = `mutation($input: SendBatchPushInput!) { sendBatchPush(input: $input) { taskId } }`;
const send = (extra: object) =>
  stack.gql<{ sendBatchPush: { taskId: string } }>(SEND, {
    input: { fromAccount: 'admin', toAccounts: ['u1'], title: 'Hi', description: 'Body', ...extra },
  });
const sentInfo = () =>
  (stack.emulator.callsTo('batch').at(-1)!.body as { OfflinePushInfo: Record<string, unknown> }).OfflinePushInfo;

interface Warning {
  code: string;
  field: string;
  platform?: string;
  limit?: number;
  length?: number;
  message: string;
}
const warningsOf = (r: { text: string }) =>
  (JSON.parse(r.text) as { extensions?: { warnings?: Warning[] } }).extensions?.warnings ?? [];

describe('sendBatchPush with the whole notification', () => {
  it('sends every Android vendor option under its wire name', async () => {
    const r = await send({
      android: {
        sound: 'ding',
        pushStyle: 'BIG_TEXT',
        xiaomiChannelId: 'mi-im',
        oppoChannelId: 'oppo-im',
        oppoCategory: 'IM',
        oppoNotifyLevel: 16,
        oppoPrivateTemplateId: 'tpl-1',
        oppoPrivateTitleParams: [{ name: 'who', value: 'Ana' }],
        oppoPrivateContentParams: [{ name: 'what', value: 'a reply' }],
        vivoClassification: 'SYSTEM',
        vivoCategory: 'IM',
        vivoNotifyType: 2,
        huaweiCategory: 'IM',
        huaweiImportance: 'NORMAL',
        huaweiChannelId: 'hw-im',
        huaweiImage: 'https://example.com/a.png',
        honorImportance: 'LOW',
        honorImage: 'https://example.com/b.png',
        googleChannelId: 'fcm-im',
        googlePriority: 'HIGH',
        googleImage: 'https://example.com/c.png',
        meizuNoticeMsgType: 'PRIVATE',
      },
    });
    expect(r.errors).toBeUndefined();
    const info = sentInfo();
    expect(info.AndroidInfo).toEqual({
      Sound: 'ding',
      PushStyle: 1,
      XiaoMiChannelID: 'mi-im',
      OPPOChannelID: 'oppo-im',
      OPPOCategory: 'IM',
      OPPONotifyLevel: 16,
      OPPOPrivateMsgTemplateId: 'tpl-1',
      OPPOPrivateTitleParameters: { who: 'Ana' },
      OPPOPrivateContentParameters: { what: 'a reply' },
      VIVOClassification: 1,
      VIVOCategory: 'IM',
      VIVONotifyType: 2,
      HuaWeiCategory: 'IM',
      HuaWeiImportance: 'NORMAL',
      HuaWeiChannelID: 'hw-im',
      HuaWeiImage: 'https://example.com/a.png',
      HonorImportance: 'LOW',
      HonorImage: 'https://example.com/b.png',
      GoogleChannelID: 'fcm-im',
      GooglePriority: 'high',
      GoogleImage: 'https://example.com/c.png',
      MeiZuNoticeMsgType: 1,
    });
  });

  it('sends ext, APNs, HarmonyOS, badge, languages and template under their wire names', async () => {
    const r = await send({
      ext: '{"screen":"chat","id":42}',
      apns: {
        title: 'Hi on iOS',
        subtitle: 'from Ana',
        sound: 'ding.caf',
        image: 'https://example.com/d.png',
        badgeMode: 'COUNT',
        mutableContent: true,
        contentAvailable: false,
        interruptionLevel: 'TIME_SENSITIVE',
        voip: false,
        liveActivity: {
          id: 'match-7',
          event: 'UPDATE',
          contentState: '{"score":"2:1"}',
          dismissalDate: '2030-01-01T00:00:00Z',
        },
      },
      harmony: { title: 'Hi', category: 'IM', image: 'https://example.com/e.png', sound: 'ding', soundDuration: 5 },
      badge: { add: 1 },
      localized: [
        { language: 'en', title: 'Hi', description: 'Body' },
        { language: 'zh-Hans', title: '你好' },
      ],
      template: { id: '1400000000-1', params: [{ name: 'name', value: 'Ana' }] },
      offlinePush: false,
    });
    expect(r.errors).toBeUndefined();
    expect(sentInfo()).toEqual({
      PushFlag: 1,
      Title: 'Hi',
      Desc: 'Body',
      Ext: '{"screen":"chat","id":42}',
      ApnsInfo: {
        Title: 'Hi on iOS',
        SubTitle: 'from Ana',
        Sound: 'ding.caf',
        Image: 'https://example.com/d.png',
        BadgeMode: 0,
        MutableContent: 1,
        ContentAvailable: 0,
        InterruptionLevel: 'time-sensitive',
        IsVoipPush: 0,
        LiveActivity: {
          LaId: 'match-7',
          Event: 'update',
          ContentState: { score: '2:1' },
          DismissalDate: Date.parse('2030-01-01T00:00:00Z') / 1000,
        },
      },
      HarmonyInfo: { Title: 'Hi', Category: 'IM', Image: 'https://example.com/e.png', Sound: 'ding', SoundDuration: 5 },
      BadgeAddNum: 1,
      MultiLanguageContent: [
        { Language: 'en', Title: 'Hi', Desc: 'Body' },
        { Language: 'zh-Hans', Title: '你好' },
      ],
      PushTemplateId: '1400000000-1',
      PushTemplateParam: { name: 'Ana' },
    });
  });

  it('leaves out what is not set, so the console settings apply', async () => {
    await send({ android: { xiaomiChannelId: null }, apns: {} });
    expect(sentInfo()).toEqual({ PushFlag: 0, Title: 'Hi', Desc: 'Body' });
  });
});

describe('sendBatchPush refuses a notification the upstream would refuse, before any call', () => {
  const refusals: [string, object, string][] = [
    ['vivo notify type 5', { android: { vivoNotifyType: 5 } }, 'input.android.vivoNotifyType'],
    ['OPPO notify level 3', { android: { oppoNotifyLevel: 3, oppoCategory: 'IM' } }, 'input.android.oppoNotifyLevel'],
    ['OPPO notify level without category', { android: { oppoNotifyLevel: 2 } }, 'input.android.oppoCategory'],
    ['a Huawei image over http', { android: { huaweiImage: 'http://example.com/a.png' } }, 'input.android.huaweiImage'],
    ['a Google image that is no URL', { android: { googleImage: 'a.png' } }, 'input.android.googleImage'],
    ['a HarmonyOS sound of 61 s', { harmony: { soundDuration: 61 } }, 'input.harmony.soundDuration'],
    ['a badge raised by 100', { badge: { add: 100 } }, 'input.badge.add'],
    ['a badge set to 1000', { badge: { set: 1000 } }, 'input.badge.set'],
    [
      'a language twice',
      {
        localized: [
          { language: 'en', title: 'a' },
          { language: 'en', title: 'b' },
        ],
      },
      'input.localized[1].language',
    ],
    ['a language without text', { localized: [{ language: 'en' }] }, 'input.localized[0]'],
    ['a template without id', { template: { id: ' ' } }, 'input.template.id'],
    [
      'a template parameter twice',
      {
        template: {
          id: 't',
          params: [
            { name: 'a', value: '1' },
            { name: 'a', value: '2' },
          ],
        },
      },
      'input.template.params',
    ],
    [
      'a Live Activity state that is no object',
      { apns: { liveActivity: { id: 'x', event: 'END', contentState: '[1]' } } },
      'input.apns.liveActivity.contentState',
    ],
    [
      'a Live Activity id over 64 bytes',
      { apns: { liveActivity: { id: 'x'.repeat(65), event: 'END', contentState: '{}' } } },
      'input.apns.liveActivity.id',
    ],
  ];
  it.each(refusals)('refuses %s naming the field', async (_, extra, field) => {
    const r = await send(extra);
    expect(r.data).toBeNull();
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: field });
    expect(r.errors![0]!.message).toContain(field);
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('refuses a value outside an enum, naming it', async () => {
    const r = await send({ apns: { interruptionLevel: 'LOUD' } });
    const error = r.errors![0] as GqlError;
    expect(error.extensions!.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/interruptionLevel/);
    expect(stack.emulator.calls).toHaveLength(0);
  });
});

describe('sendBatchPush warnings', () => {
  it('says which vendors cut a long title and text, and still pushes', async () => {
    const title = 'T'.repeat(45);
    const r = await send({ title, description: 'D'.repeat(120), android: { pushStyle: 'BIG_TEXT' } });
    expect(r.data?.sendBatchPush.taskId).toMatch(/^batch_/);
    const warnings = warningsOf(r);
    const said = warnings.map((w) => [w.field, w.platform, w.limit, w.length]);
    expect(said).toEqual([
      ['input.title', 'VIVO', 40, 45],
      ['input.title', 'MEIZU', 32, 45],
      // OPPO shows 128 characters of a big-text push, 50 of another.
      ['input.description', 'VIVO', 100, 120],
      ['input.description', 'MEIZU', 100, 120],
    ]);
    expect(warnings.every((w) => w.code === 'TRUNCATED')).toBe(true);
    expect(warnings[0]!.message).toBe('vivo shows 40 characters of a title; the rest of these 45 is cut off with "…".');
    expect(stack.emulator.callsTo('batch')).toHaveLength(1);
  });

  it('counts a localized text too, in UTF-16 units', async () => {
    const r = await send({ localized: [{ language: 'zh', title: '通知'.repeat(17) }] });
    expect(warningsOf(r).map((w) => [w.field, w.platform])).toEqual([['input.localized[0].title', 'MEIZU']]);
  });

  it('warns of an ext that is not JSON, of set and add together, and of a badge only APNs shows', async () => {
    const r = await send({ ext: 'screen=chat', badge: { add: 2, set: 120 } });
    expect(r.errors).toBeUndefined();
    expect(warningsOf(r).map((w) => [w.code, w.field])).toEqual([
      ['IGNORED', 'input.badge.add'],
      ['VENDOR_LIMIT', 'input.badge.set'],
      ['EXT_NOT_JSON', 'input.ext'],
    ]);
  });

  it('says nothing of vendor lengths for an online-only push, nor when all is well', async () => {
    expect(warningsOf(await send({ title: 'T'.repeat(70), offlinePush: false }))).toEqual([]);
    const plain = await send({});
    expect(JSON.parse(plain.text)).not.toHaveProperty('extensions');
  });
});
