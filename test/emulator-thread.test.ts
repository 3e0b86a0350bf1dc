// The emulator embedded in `npm start` (no credentials) runs on a thread of its own: a stall of the gateway's
// event loop no longer makes it stamp a call late, and then refuse the next call, sent on time, as too close.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulatorThread, type EmbeddedEmulator } from '../emulator/thread.js';
import { normalPushLoss, normalPushStatistics } from '../src/upstream/apis/index.js';
import { apiPath } from '../src/upstream/wire.js';
import { createSigner } from '../src/upstream/usersig.js';

const sdkAppId = 1400000001;
const secretKey = 'emulator-thread-test-key';
const identifier = 'administrator';
const window = { from: new Date(Date.now() - 3_600_000), to: new Date() };

let emulator: EmbeddedEmulator | undefined;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
afterEach(async () => {
  agent.destroy();
  await emulator?.close();
  emulator = undefined;
});

/** One upstream call, on the agent's one kept-alive connection. */
function call(api: string, body: unknown): Promise<{ ErrorCode: number }> {
  const sign = createSigner({ sdkAppId, identifier, secretKey });
  const query = new URLSearchParams({ sdkappid: String(sdkAppId), identifier, usersig: sign(), random: '1' });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${emulator!.url}${apiPath(api)}?${query}&contenttype=json`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString('utf8')));
        res.on('end', () => resolve(JSON.parse(text) as { ErrorCode: number }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('embedded emulator thread', () => {
  it('stamps a call when it arrives, however long the gateway’s thread is busy', async () => {
    emulator = await startEmulatorThread({ sdkAppId, secretKey, identifier }, (error) => {
      throw error;
    });
    // The connection first, through another API: the next request then leaves at once on it.
    expect((await call('normal_push_statistics', normalPushStatistics.body([window]))).ErrorCode).toBe(0);

    const first = call('normal_push_loss', normalPushLoss.body([window]));
    await new Promise((resolve) => setImmediate(resolve)); // written to the socket
    const sent = performance.now();
    while (performance.now() - sent < 400); // this thread busy, as the gateway's is while PGlite sets up
    expect((await first).ErrorCode).toBe(0);

    // 1.2 s after the first left: accepted, where an emulator on this thread stamped the first 400 ms late and
    // refused this one (60007) as 0.8 s behind it.
    await sleep(sent + 1_200 - performance.now());
    expect((await call('normal_push_loss', normalPushLoss.body([window]))).ErrorCode).toBe(0);
  });
});
