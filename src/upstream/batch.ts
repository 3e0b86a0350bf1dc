// batch: one push to 1–500 accounts, answered with a TaskId. Never retried: a retry could push twice.
import type { UpstreamClient } from './client.js';
import { isObject, type Json } from './decode.js';
import { PushOutcomeUnknownError, UpstreamUnavailableError, sanitizeErrorInfo } from './errors.js';
import type { BatchPush, BatchPushResult } from './model.js';
import type { WireBatchRequest } from './wire.js';

export function batchBody(push: BatchPush): WireBatchRequest {
  const body: WireBatchRequest = {
    From_Account: push.fromAccount,
    To_Account: push.toAccounts,
    MsgRandom: push.msgRandom,
    OfflinePushInfo: { PushFlag: push.offlinePush ? 0 : 1 },
  };
  if (push.title !== null) body.OfflinePushInfo.Title = push.title;
  if (push.description !== null) body.OfflinePushInfo.Desc = push.description;
  if (push.dataId !== null) body.DataId = push.dataId;
  return body;
}

export async function sendBatch(client: UpstreamClient, push: BatchPush): Promise<BatchPushResult> {
  const attemptedAt = new Date();
  let answer: Json;
  try {
    answer = await client.write('batch', { ...batchBody(push) });
  } catch (error) {
    // The request may have reached the upstream and no answer says what it did: unknown, not failed.
    if (error instanceof UpstreamUnavailableError && error.attemptedAt)
      throw new PushOutcomeUnknownError('batch', error.attemptedAt, error.reason);
    throw error;
  }
  if (typeof answer.TaskId !== 'string' || answer.TaskId === '') {
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
}
