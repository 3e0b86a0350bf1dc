// The embedded emulator's thread (emulator/thread.ts starts it): the emulator, and the messages of the gateway.
import { parentPort, workerData } from 'node:worker_threads';
import { startEmulator } from './server.js';
import type { FromThread, ThreadOptions, ToThread } from './thread.js';

const port = parentPort!;
const say = (message: FromThread) => port.postMessage(message);
try {
  const emulator = await startEmulator(workerData as ThreadOptions);
  port.on('message', (message: ToThread) => {
    if (message.type === 'callbacks') emulator.sendCallbacksTo(message.target);
    else void emulator.close().then(() => port.close());
  });
  say({ type: 'ready', url: emulator.url });
} catch (error) {
  say({ type: 'failed', message: (error as Error).message });
}
