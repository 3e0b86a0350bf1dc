// The emulator embedded in `npm start` (no credentials), on a worker thread of its own.
//
// On the gateway's thread, a stall of its event loop (PGlite's set-up, loading GraphiQL) made the emulator stamp
// a call's arrival late; the next call, sent on time, then looked less than 1 s behind it and was refused with
// 60007, though the gateway had spaced the two by more than a second when they left. A remote upstream stamps
// arrivals with its own clock: so does the emulator on its own thread.
import { once } from 'node:events';
import { startModuleThread } from '../src/process/threads.js';
import type { CallbackTarget } from './callbacks.js';
import type { Emulator, EmulatorOptions } from './server.js';

export type ThreadOptions = Pick<EmulatorOptions, 'sdkAppId' | 'secretKey' | 'identifier'>;

/** What the thread answers to the gateway's thread. */
export type FromThread = { type: 'ready'; url: string } | { type: 'failed'; message: string };
/** What the gateway's thread asks of it. */
export type ToThread = { type: 'callbacks'; target: CallbackTarget | undefined } | { type: 'close' };

/** What the gateway's process uses of the emulator on the thread. */
export type EmbeddedEmulator = Pick<Emulator, 'url' | 'sendCallbacksTo' | 'close'>;

export async function startEmulatorThread(
  options: ThreadOptions,
  /** The thread failed after it started: the upstream calls then fail, this says why. */
  onError: (error: Error) => void,
): Promise<EmbeddedEmulator> {
  const worker = startModuleThread(new URL('./thread-main', import.meta.url), import.meta.url, { workerData: options });
  const first = await new Promise<FromThread>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', (error) => resolve({ type: 'failed', message: error.message }));
    worker.once('exit', (code) => resolve({ type: 'failed', message: `its thread exited with ${code}` }));
  });
  if (first.type === 'failed') {
    await worker.terminate();
    throw new Error(`the embedded emulator did not start: ${first.message}`);
  }
  worker.on('error', onError);
  let running = true;
  const exited = once(worker, 'exit').finally(() => (running = false));
  const post = (message: ToThread) => worker.postMessage(message);
  return {
    url: first.url,
    sendCallbacksTo: (target) => post({ type: 'callbacks', target }),
    async close() {
      if (!running) return;
      post({ type: 'close' });
      // Its server closes its connections first; a thread that does not end soon is stopped.
      const timer = setTimeout(() => void worker.terminate(), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
