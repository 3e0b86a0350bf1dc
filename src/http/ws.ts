// graphql-ws on the gateway's own HTTP server (same /graphql path), executing through yoga's envelop so auth,
// limits, error masking and the schema are exactly those of HTTP. Browsers cannot set headers on a WebSocket:
// the API key or bearer token may come in connectionParams instead ({ "x-api-key": … } or { authorization: … }).
import type { Server } from 'node:http';
import { GraphQLError, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { OperationResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

type Envelope = {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
};

const FORWARDED = ['x-api-key', 'authorization', 'x-request-id'];

interface Enveloped extends Envelope {
  schema: GraphQLSchema;
  contextFactory: () => Promise<Record<string, unknown>>;
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
}

type Yoga = Pick<YogaServerInstance<Record<string, unknown>, Record<string, unknown>>, 'getEnveloped'>;

/** `maxPayload`: the largest message a client may send (GATEWAY_MAX_BODY_BYTES, as for an HTTP body). */
export function attachGraphqlWs(
  server: Server,
  yoga: Yoga,
  path: string,
  maxPayload: number,
): { close(): Promise<void> } {
  // A larger message closes the connection with 1009 (ws's default would take 100 MiB).
  const wss = new WebSocketServer({ server, path, maxPayload });
  const cleanup = useServer(
    {
      execute: (args) => (args.rootValue as Envelope).execute(args),
      subscribe: (args) => (args.rootValue as Envelope).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(ctx.extra.request.headers))
          if (typeof value === 'string') headers.set(name, value);
        for (const name of FORWARDED) {
          const given = ctx.connectionParams?.[name];
          if (typeof given === 'string') headers.set(name, given);
        }
        const request = new Request(`http://gateway${path}`, { headers });
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          request,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        }) as Enveloped;
        let document: DocumentNode;
        try {
          document = parse(params.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('The query does not parse.')];
        }
        const errors = validate(schema, document);
        if (errors.length) return [...errors];
        let contextValue: Record<string, unknown>;
        try {
          contextValue = await contextFactory();
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        return {
          schema,
          document,
          operationName: params.operationName,
          variableValues: params.variables,
          contextValue,
          rootValue: { execute, subscribe } satisfies Envelope,
        };
      },
    },
    wss,
  );
  return {
    async close() {
      for (const client of wss.clients) client.terminate();
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
