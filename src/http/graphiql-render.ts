// GraphiQL's page, rendered on its own thread (./graphiql-thread.ts says why) and handed back as one string.
import { parentPort, workerData } from 'node:worker_threads';
import type { GraphiQLOptions } from 'graphql-yoga';
import type { RenderResult } from './graphiql-thread.js';

const say = (result: RenderResult) => parentPort!.postMessage(result);
try {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  say({ html: renderGraphiQL(workerData as GraphiQLOptions) });
} catch (error) {
  say({ error: (error as Error).message });
}
