// Graceful stop of an HTTP server: refuse new connections, let in-flight requests (streams included) finish
// within a grace period, then cut whatever is left.
import type { Server, ServerResponse } from 'node:http';

export interface Drainable {
  /** True once drain() has begun: answers sent from then on close their connection. */
  readonly draining: boolean;
  /** Requests whose response has not finished yet. */
  readonly inFlight: number;
  /** Stops accepting and waits for in-flight requests up to graceMs; resolves with how many were cut short. */
  drain(graceMs: number): Promise<{ cut: number }>;
}

/** Tracks the requests of `server` so it can be drained; call before the server starts listening. */
export function drainable(server: Server): Drainable {
  const open = new Set<ServerResponse>();
  let draining = false;
  server.on('request', (_req, res: ServerResponse) => {
    open.add(res);
    // A keep-alive client may still send on a connection opened before the stop: answer, then hang up.
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => open.delete(res));
  });

  return {
    get draining() {
      return draining;
    },
    get inFlight() {
      return open.size;
    },
    drain(graceMs) {
      draining = true;
      return new Promise((resolve) => {
        let cut = 0;
        const closed = new Promise<void>((done) => server.close(() => done()));
        // Connections become idle as their last response ends; close them as soon as they do.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => {
          cut = open.size;
          server.closeAllConnections();
        }, graceMs);
        server.closeIdleConnections();
        void closed.then(() => {
          clearInterval(idle);
          clearTimeout(deadline);
          resolve({ cut });
        });
      });
    },
  };
}
