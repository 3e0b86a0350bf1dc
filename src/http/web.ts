// Serves the dashboard built into dist/web/: its page at each of its addresses (fresh every time) and its
// content-hashed assets (cached for a year), under a Content-Security-Policy that allows only this origin.
import { readFileSync, readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The dashboard's addresses: the page is the same, its script picks the view. */
const PAGES = [
  /^\/$/,
  /^\/tasks\/[^/]+\/?$/,
  /^\/tasks\/[^/]+\/recipients\/?$/,
  /^\/troubleshoot\/?$/,
  /^\/push\/?$/,
  /^\/invalid-tokens\/?$/,
  /^\/alerts\/?$/,
];

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** Nothing from another host, no inline script or style, no framing. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * A handler for the dashboard's paths, or undefined when the dashboard is not built (dist/web/ missing): then the
 * gateway serves GraphQL only. Returns false for a request that is not the dashboard's.
 */
export function createDashboardHandler(dir: URL): ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined {
  let page: Buffer;
  const assets = new Map<string, Buffer>();
  try {
    page = readFileSync(new URL('index.html', dir));
    for (const name of readdirSync(new URL('assets/', dir)))
      assets.set(name, readFileSync(new URL(`assets/${name}`, dir)));
  } catch {
    return undefined;
  }
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '/').split('?')[0]!;
    if (PAGES.some((p) => p.test(path))) {
      send(req, res, page, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      return true;
    }
    if (!path.startsWith('/assets/')) return false;
    const body = assets.get(path.slice('/assets/'.length));
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain', ...COMMON }).end('Not found');
      return true;
    }
    const type = TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    send(req, res, body, { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' });
    return true;
  };
}

function send(req: IncomingMessage, res: ServerResponse, body: Buffer, headers: Record<string, string>): void {
  res.writeHead(200, { ...headers, ...COMMON, 'content-length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}
