// Baselines for the overhead benchmark, each run as its own process and printing {"url": …} when ready:
//   bare  — node:http answering fixed bytes (the floor of any HTTP server here)
//   yoga  — plain graphql-yoga, SDL schema, a hand-written resolver over in-memory data: no Pothos, no loaders, no cache
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { printSchema } from 'graphql';
import { buildSchema } from '../src/schema/index.js';

const [mode, body] = [process.argv[2], process.argv[3] ?? '{}'];
// As in src/main.ts: under tsx, source-mapped stacks would slow every request and skew the comparison.
process.setSourceMapsEnabled(false);
// Exits cleanly on the bench's SIGTERM, so `--cpu-prof` writes its profile.
process.once('SIGTERM', () => process.exit(0));

function listen(server: ReturnType<typeof createServer>): void {
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    console.log(JSON.stringify({ url: `http://127.0.0.1:${port}/graphql` }));
  });
}

if (mode === 'bare') {
  const bytes = Buffer.from(body);
  listen(
    createServer((req, res) => {
      req.resume();
      req.on('end', () =>
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length }).end(bytes),
      );
    }),
  );
} else if (mode === 'yoga') {
  // The same answer the gateway gave, served by yoga's default resolvers walking in-memory objects.
  const answer = JSON.parse(body) as { data: { task: unknown } };
  const schema = createSchema({
    typeDefs: printSchema(buildSchema()),
    resolvers: { Query: { task: () => answer.data.task } },
  });
  const yoga = createYoga({ schema, logging: false });
  listen(createServer((req, res) => void yoga(req, res)));
} else {
  console.error('usage: baselines.ts bare|yoga [body]');
  process.exit(2);
}
