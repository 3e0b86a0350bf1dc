// The documented examples of the upstream pages (shared/seeds), transcribed once; the page quirks fixed:
// normal_push_loss's arrays sit at the top level, all_member_push_loss has no trailing comma.
import type { WireInstanceTrace, WireLossArrays, WireTaskLoss } from '../src/upstream/wire.js';

const ok = (time: string) => ({ PushStatus: 1, ErrorCode: 0, ErrorInfo: 'success', EventTime: time });

/** normal_push_trace, PushID "xxx-yyy-zzz". */
export const NORMAL_PUSH_TRACE_EXAMPLE: WireInstanceTrace[] = [
  {
    InstanceId: '101205908',
    PushTime: '2025-03-07 10:04:47',
    DeviceModel: '',
    System: 'APNS',
    SystemVersion: '',
    PushPlatform: 1,
    Token: '',
    CertId: '0',
    SdkVersion: '',
    PushVersion: '',
    NotificationStatus: 0,
    last_active_terminal: 1,
    IMCommitStat: { IMStat: ok('2025-03-07 10:04:47') },
    OfflinePushStat: {
      OfflineStat: ok('2025-03-13 16:16:29'),
      ChannelStat: ok('2025-03-13 16:16:29'),
      DeviceStat: ok('2025-03-13 16:16:29'),
      ClickStat: ok('2025-03-13 16:16:29'),
    },
  },
];

/** all_member_push_trace, TaskID "xxx-yyy-zzz", UserID "xyz". */
export const ALL_MEMBER_PUSH_TRACE_EXAMPLE: WireInstanceTrace[] = [
  {
    InstanceId: '74224656',
    PushTime: '2025-03-13 16:16:27',
    DeviceModel: '',
    System: 'Android',
    SystemVersion: '',
    EventType: 1,
    PushPlatform: 1,
    Token: 'aabbc',
    CertId: '1122',
    SdkVersion: '8.0.1',
    PushVersion: '8.0.1',
    NotificationStatus: 1,
    last_active_terminal: 1,
    IMCommitStat: { IMStat: ok('2025-03-13 16:16:29') },
    OfflinePushStat: {
      OfflineStat: ok('2025-03-13 16:16:29'),
      ChannelStat: ok('2025-03-13 16:16:29'),
      DeviceStat: ok('2025-03-13 16:16:29'),
      ClickStat: ok('2025-03-13 16:16:29'),
    },
    OnlinePushStat: {
      ChannelStat: ok('2025-03-13 16:16:29'),
      DeviceStat: ok('2025-03-13 16:16:29'),
    },
  },
];

/** normal_push_loss, StartTime 1741708800, EndTime 1741795200. */
export const NORMAL_PUSH_LOSS_EXAMPLE = {
  window: { StartTime: 1741708800, EndTime: 1741795200 },
  loss: {
    ReadyToSendLoss: [
      { ErrCode: '-1', ErrCount: 167, ErrInfo: 'certificate id not set' },
      { ErrCode: '-2', ErrCount: 125, ErrInfo: 'token not uploaded' },
    ],
    PostSendDeliveredLoss: [
      { ErrCode: '1', ErrCount: 217, ErrInfo: 'regid_invalid' },
      { ErrCode: '410', ErrCount: 35, ErrInfo: 'Unregistered' },
    ],
    PlatformReadyToSendLoss: [
      { PushPlatform: 1, ErrCode: '-1', ErrCount: 5, ErrInfo: 'certificate id not set' },
      { PushPlatform: 2, ErrCode: '-1', ErrCount: 123, ErrInfo: 'certificate id not set' },
    ],
    PlatformPostSendDeliveredLoss: [
      { PushPlatform: 1, ErrCode: '1', ErrCount: 217, ErrInfo: 'regid_invalid' },
      { PushPlatform: 3, ErrCode: '410', ErrCount: 35, ErrInfo: 'Unregistered' },
    ],
  } satisfies WireLossArrays,
};

/** all_member_push_loss `Results` for the documented tasks "xxx-yyy-zzz" and "aaa-bbb-ccc". */
export const ALL_MEMBER_PUSH_LOSS_EXAMPLE: Record<string, WireTaskLoss> = {
  'xxx-yyy-zzz': {
    TaskID: 'xxx-yyy-zzz',
    ReadyToSendLoss: [
      { ErrCode: '-1', ErrCount: 167, ErrInfo: 'Certificate id not set' },
      { ErrCode: '-2', ErrCount: 125, ErrInfo: 'token not uploaded' },
    ],
    PostSendDeliveredLoss: [
      { ErrCode: '1', ErrCount: 217, ErrInfo: 'regid_invalid' },
      { ErrCode: '410', ErrCount: 35, ErrInfo: 'Unregistered' },
    ],
    PlatformReadyToSendLoss: [
      { EventType: 1, PushPlatform: 1, ErrCode: '-1', ErrCount: 5, ErrInfo: 'Certificate id not set' },
      { EventType: 1, PushPlatform: 2, ErrCode: '-1', ErrCount: 123, ErrInfo: 'Certificate id not set' },
    ],
    PlatformPostSendDeliveredLoss: [
      { EventType: 1, PushPlatform: 1, ErrCode: '1', ErrCount: 217, ErrInfo: 'regid_invalid' },
      { EventType: 1, PushPlatform: 2, ErrCode: '410', ErrCount: 35, ErrInfo: 'Unregistered' },
    ],
  },
  'aaa-bbb-ccc': {
    TaskID: 'aaa-bbb-ccc',
    ReadyToSendLoss: [
      { ErrCode: '-1', ErrCount: 159, ErrInfo: 'Certificate id not set' },
      { ErrCode: '-2', ErrCount: 104, ErrInfo: 'token not uploaded' },
    ],
    PostSendDeliveredLoss: [
      { ErrCode: '410', ErrCount: 26, ErrInfo: 'Unregistered' },
      { ErrCode: '10302', ErrCount: 143, ErrInfo: 'User Id invalid' },
    ],
    PlatformReadyToSendLoss: [
      { EventType: 1, PushPlatform: 1, ErrCode: '-1', ErrCount: 3, ErrInfo: 'Certificate id not set' },
      { EventType: 1, PushPlatform: 1, ErrCode: '-1', ErrCount: 1, ErrInfo: 'Certificate id not set' },
    ],
    PlatformPostSendDeliveredLoss: [
      { EventType: 1, PushPlatform: 1, ErrCode: '16', ErrCount: 56, ErrInfo: '' },
      { EventType: 1, PushPlatform: 2, ErrCode: '1', ErrCount: 177, ErrInfo: 'regid_invalid' },
    ],
  },
};
