// revoke: stops a push task still under way, removes its unread messages and can overwrite a shown notification.
// Never retried automatically; a client that retries after an unclear failure is told 90050 (already revoked).
import type { UpstreamClient } from './client.js';
import type { RevokePush } from './model.js';
import type { WireRevokeRequest } from './wire.js';

export function revokeBody(revoke: RevokePush): WireRevokeRequest {
  const body: WireRevokeRequest = { TaskId: revoke.taskId };
  // Without OfflinePushInfo the notification already shown stays as it was.
  if (revoke.title !== null || revoke.description !== null) {
    body.OfflinePushInfo = {};
    if (revoke.title !== null) body.OfflinePushInfo.Title = revoke.title;
    if (revoke.description !== null) body.OfflinePushInfo.Desc = revoke.description;
  }
  return body;
}

export async function revokePush(client: UpstreamClient, revoke: RevokePush): Promise<{ taskId: string }> {
  await client.write('revoke', { ...revokeBody(revoke) });
  return { taskId: revoke.taskId };
}
