// batch: one push to 1–500 accounts, answered with a TaskId. Never retried: a retry could push twice.
import type { UpstreamClient } from './client.js';
import { isObject } from './decode.js';
import { UpstreamUnavailableError } from './errors.js';
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
  const answer = await client.write('batch', { ...batchBody(push) });
  if (typeof answer.TaskId !== 'string' || answer.TaskId === '') {
    // The push may have gone out; say so rather than pretend it failed cleanly.
    throw new UpstreamUnavailableError('batch', 'the answer has no TaskId; the push may or may not have been sent');
  }
  const errors = Array.isArray(answer.ErrorList) ? answer.ErrorList.filter(isObject) : [];
  return {
    taskId: answer.TaskId,
    failedAccounts: errors.map((e) => ({
      account: typeof e.To_Account === 'string' ? e.To_Account : '',
      errorCode: typeof e.ErrorCode === 'number' ? e.ErrorCode : 0,
      errorInfo: typeof e.ErrorInfo === 'string' && e.ErrorInfo !== '' ? e.ErrorInfo : null,
    })),
  };
}
