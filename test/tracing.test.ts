// OpenTelemetry: with an OTLP endpoint configured, spans for the operation, its resolvers and each upstream call
// reach an OTLP/HTTP receiver (here an in-process one on loopback).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}
interface OtlpExport {
  resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
}

const spans: OtlpSpan[] = [];
let receiver: Server;
let stack: Stack;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const exported = JSON.parse(body) as OtlpExport;
      for (const r of exported.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  stack = await startStack({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` } });
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

const attribute = (span: OtlpSpan | undefined, key: string) => {
  const value = span?.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

describe('tracing', () => {
  it('exports a span per operation, per resolver and per upstream call with attempt, quota wait and cache outcome', async () => {
    const q = `query Traced { task(id: "otel-task") { loss { total } trace(userId: "u") { userId } } }`;
    expect((await stack.gql(q)).errors).toBeUndefined();
    expect((await stack.gql(`${q} `)).errors).toBeUndefined(); // the same data again: upstream cache hits
    await stack.close(); // flushes the exporter

    const operation = spans.find((s) => s.name === 'query.Traced');
    expect(operation).toBeDefined();
    expect(spans.find((s) => s.name === 'Task.loss')?.traceId).toBe(operation!.traceId);
    const calls = spans.filter((s) => s.name === 'upstream all_member_push_loss');
    expect(calls.map((s) => attribute(s, 'timpush.upstream.cache')).sort()).toEqual(['hit', 'miss']);
    const miss = calls.find((s) => attribute(s, 'timpush.upstream.cache') === 'miss')!;
    expect(miss.traceId).toBe(operation!.traceId);
    const attempt = spans.find(
      (s) => s.name === 'upstream all_member_push_loss attempt' && s.parentSpanId === miss.spanId,
    );
    expect(attribute(attempt, 'timpush.upstream.attempt')).toBe(1);
    expect(attribute(attempt, 'timpush.upstream.outcome')).toBe('ok');
    expect(typeof attribute(attempt, 'timpush.upstream.quota_wait_ms')).toBe('number');
    expect(spans.some((s) => s.name === 'upstream all_member_push_trace')).toBe(true);
  });
});
