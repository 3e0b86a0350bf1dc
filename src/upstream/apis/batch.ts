// batch: one push to 1–500 accounts, answered with a TaskId. A write: never cached, coalesced nor retried.
import type { Json } from '../decode.js';
import { PushOutcomeUnknownError } from '../errors.js';
import type { BatchPush, BatchPushResult } from '../model.js';
import { decodeErrorList, type WireAccountError } from './accounts-wire.js';
import { offlinePushInfo, type WireOfflinePushInfo } from './notification.js';
import type { Untrusted, WriteApi } from './types.js';

export interface WireBatchRequest {
  From_Account: string;
  To_Account: string[];
  MsgRandom: number;
  OfflinePushInfo: WireOfflinePushInfo;
  DataId?: string;
}
export interface WireBatchAnswer {
  /** Note the casing: `batch` answers `TaskId`, the statistics APIs take `TaskID`. */
  TaskId: string;
  ErrorList?: WireAccountError[];
}

export const MAX_RECIPIENTS = 500;
export const MAX_DATA_ID_BYTES = 64;

export const batch: WriteApi<BatchPush, BatchPushResult> = {
  name: 'batch',
  kind: 'write',
  rate: 10, // the free edition's limit; 30 or 40 on paid editions
  body(push): WireBatchRequest & Json {
    const body: WireBatchRequest = {
      From_Account: push.fromAccount,
      To_Account: push.toAccounts,
      MsgRandom: push.msgRandom,
      OfflinePushInfo: offlinePushInfo(push),
    };
    if (push.dataId !== null) body.DataId = push.dataId;
    return { ...body };
  },
  decode(answer: Untrusted<WireBatchAnswer>, attemptedAt) {
    if (typeof answer.TaskId !== 'string' || answer.TaskId === '') {
      // The push may have gone out; say so rather than pretend it failed cleanly.
      throw new PushOutcomeUnknownError('batch', attemptedAt, 'the answer has no TaskId');
    }
    return { taskId: answer.TaskId, failedAccounts: decodeErrorList(answer.ErrorList) };
  },
  // The request may have reached the upstream and no answer says what it did: unknown, not failed.
  unclear: (attemptedAt, reason) => new PushOutcomeUnknownError('batch', attemptedAt, reason),
};
