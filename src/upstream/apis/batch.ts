// batch: one push to 1–500 accounts, answered with a TaskId. A write: never cached, coalesced nor retried.
import { isObject, type Json } from '../decode.js';
import { PushOutcomeUnknownError, sanitizeErrorInfo } from '../errors.js';
import type { BatchPush, BatchPushResult } from '../model.js';
import type { Untrusted, WriteApi } from './types.js';

export interface WireBatchRequest {
  From_Account: string;
  To_Account: string[];
  MsgRandom: number;
  OfflinePushInfo: { PushFlag: 0 | 1; Title?: string; Desc?: string };
  DataId?: string;
}
export interface WireBatchAnswer {
  /** Note the casing: `batch` answers `TaskId`, the statistics APIs take `TaskID`. */
  TaskId: string;
  ErrorList?: { To_Account: string; ErrorCode: number; ErrorInfo?: string }[];
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
      OfflinePushInfo: { PushFlag: push.offlinePush ? 0 : 1 },
    };
    if (push.title !== null) body.OfflinePushInfo.Title = push.title;
    if (push.description !== null) body.OfflinePushInfo.Desc = push.description;
    if (push.dataId !== null) body.DataId = push.dataId;
    return { ...body };
  },
  decode(answer: Untrusted<WireBatchAnswer>, attemptedAt) {
    if (typeof answer.TaskId !== 'string' || answer.TaskId === '') {
      // The push may have gone out; say so rather than pretend it failed cleanly.
      throw new PushOutcomeUnknownError('batch', attemptedAt, 'the answer has no TaskId');
    }
    const errors = Array.isArray(answer.ErrorList) ? answer.ErrorList.filter(isObject) : [];
    return {
      taskId: answer.TaskId,
      failedAccounts: errors.map((e) => ({
        account: typeof e.To_Account === 'string' ? e.To_Account : '',
        errorCode: typeof e.ErrorCode === 'number' ? e.ErrorCode : 0,
        errorInfo: typeof e.ErrorInfo === 'string' && e.ErrorInfo !== '' ? sanitizeErrorInfo(e.ErrorInfo) : null,
      })),
    };
  },
  // The request may have reached the upstream and no answer says what it did: unknown, not failed.
  unclear: (attemptedAt, reason) => new PushOutcomeUnknownError('batch', attemptedAt, reason),
};
