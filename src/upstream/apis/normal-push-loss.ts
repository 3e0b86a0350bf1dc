// normal_push_loss: loss of ordinary (single-chat) pushes in a window, one window a call.
import { decodeLoss } from '../decode.js';
import type { Loss, Window } from '../model.js';
import type { ReadApi, Untrusted } from './types.js';
import { lossTtlMs, windowId, wireWindow, type WireLossArrays, type WireWindow } from './loss-wire.js';

export type WirePushLossRequest = WireWindow;
export type WirePushLossAnswer = WireLossArrays;

export const normalPushLoss: ReadApi<Window, Loss> = {
  name: 'normal_push_loss',
  kind: 'read',
  rate: 1,
  keyId: windowId,
  body: ([window]): WirePushLossRequest & Record<string, unknown> => ({ ...wireWindow(window!) }),
  split: (answer: Untrusted<WirePushLossAnswer>) => [
    {
      ReadyToSendLoss: answer.ReadyToSendLoss,
      PostSendDeliveredLoss: answer.PostSendDeliveredLoss,
      PlatformReadyToSendLoss: answer.PlatformReadyToSendLoss,
      PlatformPostSendDeliveredLoss: answer.PlatformPostSendDeliveredLoss,
    },
  ],
  decode: (part) => decodeLoss(part),
  ttlMs: lossTtlMs,
};
