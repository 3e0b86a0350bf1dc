// A TCP proxy on a loopback port the OS picks, in front of a real service (PostgreSQL), that a test can pause
// (bytes stop flowing both ways, connections stay open: a stalled server) or kill (every connection dropped and
// new ones refused: a server gone), and bring back.
import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  pause(): void;
  resume(): void;
  /** Drops every connection and refuses new ones until revive(). */
  kill(): void;
  revive(): void;
  close(): Promise<void>;
}

const flow = ([client, upstream]: [Socket, Socket]) => {
  client.pipe(upstream);
  upstream.pipe(client);
};
const stall = ([client, upstream]: [Socket, Socket]) => {
  client.unpipe(upstream);
  upstream.unpipe(client);
  client.pause();
  upstream.pause();
};

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let paused = false;
  let dead = false;

  const server = createServer((client) => {
    if (dead) return void client.destroy();
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    if (!paused) flow(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    port,
    pause() {
      paused = true;
      pairs.forEach(stall);
    },
    resume() {
      paused = false;
      pairs.forEach(flow);
    },
    kill() {
      dead = true;
      for (const pair of pairs) pair.forEach((s) => s.destroy());
      pairs.clear();
    },
    revive() {
      dead = false;
    },
    close() {
      for (const pair of pairs) pair.forEach((s) => s.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
