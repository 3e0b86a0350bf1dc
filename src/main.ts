// The process entry: reads the environment, starts the embedded emulator when there are no credentials,
// then the gateway. The only file that touches `process`.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { ConfigError, Secret, loadConfig, type Config } from './config.js';
import type { EmbeddedEmulator } from '../emulator/thread.js';
import { openFromConfig, type OpenDb } from './history/db.js';
import { closeInOrder } from './process/closing.js';
import { CLOSE_MS, createGateway } from './gateway.js';
import { createSigner } from './upstream/usersig.js';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`timpush-gateway: cannot start: ${error.message}`);
  process.exit(1);
}

const log = pino({ level: config.logLevel, base: { service: 'timpush-gateway' } });
// Every promise of the gateway has an owner that handles its failure; one that does not is a bug, logged with
// what it carried, and the gateway goes on serving rather than drop everything in flight.
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'a failure no part of the gateway handled'));
// Before anything starts: a DATA_DIR another gateway holds stops this one here, with one line naming it.
let openHistory: OpenDb | undefined;
try {
  openHistory = config.history.enabled ? openFromConfig(config.history) : undefined;
} catch (error) {
  console.error(`timpush-gateway: cannot start: ${(error as Error).message}`);
  process.exit(1);
}
let emulator: EmbeddedEmulator | undefined;
let baseUrl: string;
let sign: () => string;

if (config.credentials) {
  baseUrl = config.baseUrl!;
  sign = createSigner({
    sdkAppId: config.sdkAppId,
    identifier: config.identifier,
    secretKey: config.credentials.secretKey?.reveal(),
    userSig: config.credentials.userSig?.reveal(),
  });
  log.info(
    { upstream: baseUrl, sdkAppId: config.sdkAppId, identifier: config.identifier },
    'using the Tencent push API',
  );
} else {
  // The emulator is a development tool outside the product's code: loaded only when there are no credentials,
  // on a thread of its own (emulator/thread.ts says why).
  const { startEmulatorThread } = await import('../emulator/thread.js');
  const secretKey = randomBytes(32).toString('hex');
  const stopped = (err: Error) => log.error({ err }, 'the embedded emulator stopped; upstream calls will fail');
  try {
    emulator = await startEmulatorThread(
      { sdkAppId: config.sdkAppId, secretKey, identifier: config.identifier },
      stopped,
    );
  } catch (error) {
    console.error(`timpush-gateway: cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  // The emulator's push callbacks are signed, like Tencent's: with TIM_CALLBACK_TOKEN, or a token of this run.
  config = {
    ...config,
    live: { ...config.live, callbackToken: config.live.callbackToken ?? new Secret(randomBytes(16).toString('hex')) },
  };
  baseUrl = emulator.url;
  sign = createSigner({ sdkAppId: config.sdkAppId, identifier: config.identifier, secretKey });
  log.info(
    { upstream: baseUrl },
    `No TIM_SECRET_KEY or TIM_USERSIG: using the built-in emulator with demo data at ${baseUrl} (set TIM_SDKAPPID, TIM_SECRET_KEY and TIM_REGION for the real API)`,
  );
}

try {
  const gateway = await createGateway({ config, baseUrl, sign, log, history: { open: openHistory } });
  const url = await gateway.listen(config.port, config.host);
  const webhook = new URL(config.live.callbackPath, url.replace('//localhost:', '//127.0.0.1:')).toString();
  emulator?.sendCallbacksTo({ url: webhook, token: config.live.callbackToken?.reveal() });
  if (config.auth.open) {
    log.warn(
      config.credentials
        ? 'GATEWAY_ALLOW_ANONYMOUS=true: no client authentication, every caller may read statistics and push'
        : 'No client authentication configured: open to every caller (emulator mode)',
    );
  }
  log.info(
    { url, pid: process.pid, redis: config.redisUrl ? 'shared quota and cache' : 'in-memory quota and cache' },
    config.graphiql
      ? `GraphQL at ${url}; GraphiQL (served by the gateway, no CDN) at the same address in a browser`
      : `GraphQL at ${url}; GraphiQL is off (GATEWAY_GRAPHIQL=true turns it on)`,
  );
  log.info(
    { dashboard: gateway.dashboard ? new URL('/', url).toString() : null },
    gateway.dashboard
      ? `Dashboard at ${new URL('/', url).toString()}`
      : 'The dashboard is not built (npm run build builds it into dist/web)',
  );
  log.info(
    { webhook, signed: Boolean(config.live.callbackToken) },
    emulator
      ? 'Push callbacks: the emulator posts them here after each sendBatchPush; subscribe to taskProgress to watch'
      : `Push callbacks: set this URL (on your public address) in the Chat console${config.live.callbackToken ? '' : '; without TIM_CALLBACK_TOKEN their signatures are not checked'}`,
  );
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    log.info({ signal, graceMs: config.shutdownGraceMs }, 'stopping: no new connections, finishing in-flight requests');
    // Whatever hangs in closing, the process ends by then.
    const limitMs = config.shutdownGraceMs + CLOSE_MS + 1_000;
    setTimeout(() => {
      log.error({ signal, ms: Date.now() - started }, 'stopped: closing did not end in time; exiting anyway');
      process.exit(1);
    }, limitMs).unref();
    const { cut, unclosed } = await gateway.close();
    if (emulator)
      unclosed.push(
        ...(await closeInOrder([{ name: 'the emulator', close: () => emulator.close() }], Date.now() + 1_000, log)),
      );
    log[unclosed.length ? 'warn' : 'info'](
      { signal, ms: Date.now() - started, cut, unclosed },
      unclosed.length
        ? `stopped; did not close: ${unclosed.join(', ')}`
        : cut
          ? `stopped; ${cut} request(s) cut at the grace limit`
          : 'stopped',
    );
    process.exit(unclosed.length ? 1 : 0);
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
} catch (error) {
  console.error(`timpush-gateway: cannot start: ${(error as Error).message}`);
  await emulator?.close();
  process.exit(1);
}
