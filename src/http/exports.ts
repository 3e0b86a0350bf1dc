// GET /exports/…: a push's recipients, or the recipients with rejected tokens, as CSV or NDJSON, streamed a page
// at a time (constant memory, however many). Each page is asked of the gateway's own GraphQL API with the
// caller's credentials, so an export has exactly the API's authentication, scopes, filters and errors.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

const PAGE = 1_000;

const RECIPIENT = `account taskId pushId result failedStage lastEventAt
  devices { platform eventType stage status errorCode errorInfo at diagnosis { class meaning remedy } }`;
const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

/** The documents exports run, by route; trusted beside the persisted documents (GATEWAY_PERSISTED_ONLY). */
export const EXPORT_DOCUMENTS = {
  tasks: `query ExportTaskRecipients($id: ID!, $filter: RecipientFilter, $after: String) { task(id: $id) { recipients(filter: $filter, first: ${PAGE}, after: $after) { edges { node { ${RECIPIENT} } } ${PAGE_INFO} } } }`,
  pushes: `query ExportPushRecipients($id: ID!, $filter: RecipientFilter, $after: String) { push(id: $id) { recipients(filter: $filter, first: ${PAGE}, after: $after) { edges { node { ${RECIPIENT} } } ${PAGE_INFO} } } }`,
  invalid: `query ExportInvalidTokens($since: DateTime, $platform: [PushPlatform!], $after: String) { invalidTokens(since: $since, platform: $platform, first: ${PAGE}, after: $after) { edges { node { ${RECIPIENT} } } ${PAGE_INFO} } }`,
} as const;

/** The export documents by their SHA-256 (hex), as persisted documents are looked up. */
export const exportDocumentsByHash = (): Record<string, string> =>
  Object.fromEntries(Object.values(EXPORT_DOCUMENTS).map((d) => [createHash('sha256').update(d).digest('hex'), d]));

interface Device {
  platform: string;
  eventType: string | null;
  stage: string;
  status: string;
  errorCode: number;
  errorInfo: string;
  at: string;
  diagnosis: { class: string; meaning: string | null; remedy: string | null } | null;
}
interface Recipient {
  account: string;
  taskId: string | null;
  pushId: string | null;
  result: string;
  failedStage: string | null;
  lastEventAt: string;
  devices: Device[];
}
interface Connection {
  edges: { node: Recipient }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
/** A GraphQL answer, as exports read it. */
export interface Answer {
  data?: Record<string, { recipients?: Connection } | Connection | null> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One CSV row per device: a recipient's every channel, with what its code means. */
const COLUMNS = [
  'account',
  'result',
  'failed_stage',
  'platform',
  'event_type',
  'stage',
  'status',
  'code',
  'error_info',
  'class',
  'meaning',
  'remedy',
  'time',
];
const WITH_SUBJECT = ['task_id', 'push_id', ...COLUMNS];

const cell = (value: string | number | null | undefined): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

function csvRows(r: Recipient, withSubject: boolean): string {
  return r.devices
    .map((d) => {
      const values = [
        r.account,
        r.result,
        r.failedStage,
        d.platform,
        d.eventType,
        d.stage,
        d.status,
        d.errorCode,
        d.errorInfo,
        d.diagnosis?.class,
        d.diagnosis?.meaning,
        d.diagnosis?.remedy,
        d.at,
      ];
      return `${(withSubject ? [r.taskId, r.pushId, ...values] : values).map(cell).join(',')}\n`;
    })
    .join('');
}

/** HTTP statuses of the errors a first page can fail with, before anything was sent. */
const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  HISTORY_UNAVAILABLE: 503,
};

interface Route {
  document: keyof typeof EXPORT_DOCUMENTS;
  format: 'csv' | 'ndjson';
  variables: Record<string, unknown>;
}

const list = (v: string | null) =>
  v === null
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);

/** The route of a path, with its variables from the query string; undefined when it is not an export. */
export function exportRoute(url: URL): Route | undefined {
  const m = /^\/exports\/(?:(tasks|pushes)\/([^/]+)\/recipients|(invalid-tokens))\.(csv|ndjson)$/.exec(url.pathname);
  if (!m) return undefined;
  const q = url.searchParams;
  const format = m[4] as Route['format'];
  if (m[3])
    return {
      document: 'invalid',
      format,
      variables: { since: q.get('since') ?? undefined, platform: list(q.get('platform')) },
    };
  const code = q.get('errorCode');
  const filter = {
    result: list(q.get('result')),
    class: list(q.get('class')),
    platform: list(q.get('platform')),
    // Not a number: GraphQL refuses it, as it would an argument.
    errorCode: code === null ? undefined : /^-?\d+$/.test(code) ? Number(code) : code,
    account: q.get('account') ?? undefined,
  };
  return { document: m[1] as 'tasks' | 'pushes', format, variables: { id: decodeURIComponent(m[2]!), filter } };
}

export interface ExportOptions {
  /** Runs a GraphQL request as the caller (their headers), answering its JSON. */
  graphql: (body: object, headers: Record<string, string>) => Promise<Answer>;
  /** Whether only persisted documents run (then a page is asked by the document's hash). */
  persistedOnly: boolean;
  log: Logger;
}

export function createExportHandler({ graphql, persistedOnly, log }: ExportOptions) {
  const hashes = new Map(Object.entries(exportDocumentsByHash()).map(([hash, doc]) => [doc, hash]));

  async function page(route: Route, after: string | null, headers: Record<string, string>) {
    const document = EXPORT_DOCUMENTS[route.document];
    const variables = { ...route.variables, after };
    const answer = await graphql(
      persistedOnly ? { documentId: hashes.get(document), variables } : { query: document, variables },
      headers,
    );
    const top = answer.data ? Object.values(answer.data)[0] : undefined;
    const connection = top && ('edges' in top ? top : top.recipients);
    return { connection: connection ?? undefined, errors: answer.errors };
  }

  return async (req: IncomingMessage, res: ServerResponse, route: Route): Promise<void> => {
    // The caller's credentials, and nothing else of their request.
    const headers: Record<string, string> = {};
    for (const name of ['x-api-key', 'authorization'])
      if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
    const first = await page(route, null, headers);
    if (!first.connection) {
      const code = first.errors?.[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
      res.writeHead(STATUS[code] ?? 500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: first.errors ?? [{ message: 'The export could not be read.' }] }));
      return;
    }
    const withSubject = route.document === 'invalid';
    const name = route.document === 'invalid' ? 'invalid-tokens' : `recipients-${String(route.variables.id)}`;
    res.writeHead(200, {
      'content-type': route.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}.${route.format}"`,
      'cache-control': 'no-store',
    });
    if (route.format === 'csv') res.write(`${(withSubject ? WITH_SUBJECT : COLUMNS).join(',')}\n`);
    let closed = false;
    res.once('close', () => (closed = true));
    for (let current = first; ;) {
      const text = current
        .connection!.edges.map(({ node }) =>
          route.format === 'csv' ? csvRows(node, withSubject) : `${JSON.stringify(node)}\n`,
        )
        .join('');
      // Waits for the client to take the page before reading the next: memory stays one page.
      if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve));
      const { hasNextPage, endCursor } = current.connection!.pageInfo;
      if (closed || !hasNextPage) break;
      current = await page(route, endCursor, headers);
      if (!current.connection) {
        // Headers are gone: the only way to say it failed is to end the transfer unfinished.
        log.warn({ errors: current.errors, route: route.document }, 'export: a page failed; the download is cut');
        res.destroy();
        return;
      }
    }
    res.end();
  };
}
