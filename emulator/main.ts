// `npm run emulator`: the upstream emulator on its own, for frontend work against a stable fake Tencent.
import { genUserSig } from '../src/upstream/usersig.js';
import { startEmulator } from './server.js';

const sdkAppId = Number(process.env.TIM_SDKAPPID ?? 1400000000);
const secretKey = process.env.EMULATOR_SECRET_KEY ?? 'emulator-secret-key';
const identifier = process.env.TIM_IDENTIFIER ?? 'administrator';
const emulator = await startEmulator({
  sdkAppId,
  secretKey,
  identifier,
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 9000),
  // Push callbacks of batch tasks go to this webhook (a gateway's /callbacks/tencent), signed with the token.
  callbacks: process.env.EMULATOR_CALLBACK_URL
    ? { url: process.env.EMULATOR_CALLBACK_URL, token: process.env.TIM_CALLBACK_TOKEN || undefined }
    : undefined,
});
/** A value as a POSIX shell word, so the printed command runs as printed. */
const sh = (value: string) => (/^[\w.:/@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
const userSig = genUserSig({ sdkAppId, secretKey, identifier, expireSeconds: 86_400 });
console.log(`Tencent push API emulator at ${emulator.url} (SDKAppID ${sdkAppId}, admin "${identifier}")`);
// With credentials the gateway insists on client authentication; against a local emulator, open is the point.
console.log(
  `Point a gateway at it: TIM_BASE_URL=${emulator.url} TIM_SDKAPPID=${sdkAppId} TIM_SECRET_KEY=${sh(secretKey)} TIM_IDENTIFIER=${sh(identifier)} GATEWAY_ALLOW_ANONYMOUS=true npm start`,
);
if (process.env.EMULATOR_CALLBACK_URL)
  console.log(`Push callbacks of batch tasks go to ${process.env.EMULATOR_CALLBACK_URL}`);
console.log(`Or call it directly with this UserSig (valid 24 h): ${userSig}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void emulator.close().then(() => process.exit(0)));
}
