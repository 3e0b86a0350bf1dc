// A typed client in a few lines: `GATEWAY_URL=http://localhost:4000/graphql npx tsx client/example.ts`.
// Prints a task's loss, then each user's trace as the gateway streams it.
import { TaskOverviewDocument, TaskTracesStreamDocument } from './gql/index.js';
import { execute, request } from './incremental.js';

const options = {
  url: process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql',
  headers: process.env.GATEWAY_API_KEY ? { 'x-api-key': process.env.GATEWAY_API_KEY } : undefined,
};
const taskId = process.argv[2] ?? 'xxx-yyy-zzz';
const userIds = process.argv.slice(3).length ? process.argv.slice(3) : ['xyz', 'alice'];

const overview = await request(options, TaskOverviewDocument, { taskId, userIds });
const loss = overview.data?.task.loss;
console.log(`task ${taskId}: ${loss?.total ?? '?'} lost between ${loss?.from} and ${loss?.to}`);
for (const row of loss?.byPlatform ?? []) {
  console.log(`  ${row.stage} ${row.platform ?? 'any platform'} ${row.errorCode}: ${row.count}`);
}

let shown = 0;
let payloads = 0;
for await (const snapshot of execute(options, TaskTracesStreamDocument, { taskId, userIds })) {
  const traces = snapshot.data?.task.traces ?? [];
  payloads += 1;
  for (const trace of traces.slice(shown)) {
    console.log(
      `streamed in payload ${payloads}: ${trace?.userId} on ${trace?.instances.map((i) => i.platform).join(', ') || 'no device'}`,
    );
  }
  shown = traces.length;
  if (!snapshot.hasNext)
    console.log(`done: ${shown} traces${snapshot.errors.length ? `, ${snapshot.errors.length} errors` : ''}`);
}
