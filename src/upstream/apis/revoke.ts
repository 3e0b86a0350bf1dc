// revoke: stops a push task still under way, removes its unread messages and can overwrite a shown notification.
// A write: never retried; a client that retries after an unclear failure is told 90050 (already revoked).
import type { Json } from '../decode.js';
import type { RevokePush } from '../model.js';
import type { WriteApi } from './types.js';

/** `TaskId` spelled as `batch` answers it; the notification is overwritten only when OfflinePushInfo is sent. */
export interface WireRevokeRequest {
  TaskId: string;
  OfflinePushInfo?: { Title?: string; Desc?: string };
}

/** revoke accepts tasks up to 24 h after they started. */
export const REVOKE_WINDOW_MS = 24 * 3600 * 1000;

export const revoke: WriteApi<RevokePush, void> = {
  name: 'revoke',
  kind: 'write',
  rate: 1,
  body(input): WireRevokeRequest & Json {
    const body: WireRevokeRequest = { TaskId: input.taskId };
    // Without OfflinePushInfo the notification already shown stays as it was.
    if (input.title !== null || input.description !== null) {
      body.OfflinePushInfo = {};
      if (input.title !== null) body.OfflinePushInfo.Title = input.title;
      if (input.description !== null) body.OfflinePushInfo.Desc = input.description;
    }
    return { ...body };
  },
  // An OK answer says it is done; it carries nothing more.
  decode: () => undefined,
};
