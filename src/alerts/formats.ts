// An alert's message in each webhook format, in the shape its receiver documents: GENERIC JSON (signed with the
// channel's secret in x-timpush-signature), a Slack incoming webhook's blocks, a WeCom group robot's markdown, a
// DingTalk custom robot's markdown (its secret signs the URL), a Feishu custom bot's rich-text post (its secret
// signs the body).
import { createHmac } from 'node:crypto';
import { formatThreshold, formatValue, type AlertDetail, type Condition, type StoredChannel } from './model.js';

/** Everything a message says. */
export interface Message {
  /** Stable for one message to one channel: a receiver can drop a repeat (a send retried after a lost answer). */
  id: string;
  event: 'FIRING' | 'RESOLVED';
  rule: { id: string; name: string; condition: Condition };
  alert: { id: string; value: number; threshold: number; firedAt: Date; resolvedAt: Date | null; taskIds: string[] };
  detail: AlertDetail;
  /** The alert in the dashboard. */
  link: string;
}

/** What goes on the wire: the body, its headers, and the URL (DingTalk signs the query). */
export interface Outgoing {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export const SIGNATURE_HEADER = 'x-timpush-signature';

/** The GENERIC signature: hex HMAC-SHA256 of the body with the channel's secret. */
export const signBody = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const title = (m: Message) => `[${m.event}] ${m.rule.name}`;

/** The message as lines of plain text, the same in every chat format. */
function lines(m: Message): string[] {
  const out = [
    m.detail.summary,
    `Value: ${formatValue(m.rule.condition, m.alert.value)} (${formatThreshold(m.rule.condition)})`,
  ];
  if (m.event === 'RESOLVED' && m.alert.resolvedAt)
    out.push(
      `Resolved after ${Math.max(1, Math.round((m.alert.resolvedAt.getTime() - m.alert.firedAt.getTime()) / 60_000))} min (fired ${m.alert.firedAt.toISOString()})`,
    );
  for (const c of m.detail.codes ?? [])
    out.push(
      `${c.platform} ${c.code}${c.info ? ` ${c.info}` : ''} (${c.class})${c.count !== undefined ? `: ${c.count} devices` : ''}${c.meaning ? ` — ${c.meaning}` : ''}`,
    );
  if (m.event === 'FIRING' && m.detail.remedy) out.push(`What to do: ${m.detail.remedy}`);
  if (m.alert.taskIds.length) out.push(`Tasks: ${m.alert.taskIds.join(', ')}`);
  return out;
}

function generic(m: Message, channel: StoredChannel): Outgoing {
  const body = JSON.stringify({
    id: m.id,
    state: m.event,
    rule: { id: m.rule.id, name: m.rule.name, condition: m.rule.condition.kind },
    alert: {
      id: m.alert.id,
      firedAt: m.alert.firedAt.toISOString(),
      resolvedAt: m.alert.resolvedAt?.toISOString() ?? null,
    },
    value: m.alert.value,
    threshold: m.alert.threshold,
    window: m.detail.windowMinutes === null ? null : { minutes: m.detail.windowMinutes },
    summary: m.detail.summary,
    remedy: m.detail.remedy,
    codes: m.detail.codes ?? [],
    taskIds: m.alert.taskIds,
    url: m.link,
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (channel.secret) headers[SIGNATURE_HEADER] = signBody(channel.secret, body);
  return { url: channel.url, body, headers };
}

/** Slack's mrkdwn treats these three as control characters. */
const slackEscape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

function slack(m: Message, channel: StoredChannel): Outgoing {
  const body = JSON.stringify({
    text: slackEscape(`${title(m)}: ${m.detail.summary}`),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title(m).slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: slackEscape(lines(m).join('\n')).slice(0, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${m.link}|Open in the dashboard>` }] },
    ],
  });
  return { url: channel.url, body, headers: { 'content-type': 'application/json' } };
}

/** Markdown for the Chinese chat robots: a bold title, the lines quoted, the link last. */
function markdown(m: Message, color: boolean): string {
  const state = color ? `<font color="${m.event === 'FIRING' ? 'warning' : 'info'}">${m.event}</font>` : m.event;
  return [`**[${state}] ${m.rule.name}**`, ...lines(m).map((l) => `> ${l}`), `[Open in the dashboard](${m.link})`].join(
    '\n',
  );
}

/** WeCom's markdown content holds 4096 bytes at most. */
function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let cut = text;
  while (Buffer.byteLength(cut) > max - 3) cut = cut.slice(0, -16);
  return `${cut}…`;
}

function wecom(m: Message, channel: StoredChannel): Outgoing {
  const body = JSON.stringify({ msgtype: 'markdown', markdown: { content: truncateBytes(markdown(m, true), 4096) } });
  return { url: channel.url, body, headers: { 'content-type': 'application/json' } };
}

/** DingTalk's signed robot: timestamp (ms) and the base64 HMAC-SHA256 of "timestamp\nsecret" in the query. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

function dingtalk(m: Message, channel: StoredChannel, now: number): Outgoing {
  const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: title(m), text: markdown(m, false) } });
  let url = channel.url;
  if (channel.secret) {
    const signed = new URL(channel.url);
    signed.searchParams.set('timestamp', String(now));
    signed.searchParams.set('sign', dingtalkSign(channel.secret, now));
    url = signed.toString();
  }
  return { url, body, headers: { 'content-type': 'application/json' } };
}

/** Feishu's signed bot: the base64 HMAC-SHA256 keyed with "timestamp\nsecret" of nothing, beside the timestamp (s). */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

function feishu(m: Message, channel: StoredChannel, now: number): Outgoing {
  const seconds = Math.floor(now / 1000);
  const content = [
    ...lines(m).map((text) => [{ tag: 'text', text }]),
    [{ tag: 'a', text: 'Open in the dashboard', href: m.link }],
  ];
  const body = JSON.stringify({
    ...(channel.secret ? { timestamp: String(seconds), sign: feishuSign(channel.secret, seconds) } : {}),
    msg_type: 'post',
    content: { post: { zh_cn: { title: title(m), content } } },
  });
  return { url: channel.url, body, headers: { 'content-type': 'application/json' } };
}

/** The message for one channel, as its format wants it; `now` (ms) for the formats that sign a time. */
export function render(m: Message, channel: StoredChannel, now: number): Outgoing {
  switch (channel.format) {
    case 'GENERIC':
      return generic(m, channel);
    case 'SLACK':
      return slack(m, channel);
    case 'WECOM':
      return wecom(m, channel);
    case 'DINGTALK':
      return dingtalk(m, channel, now);
    case 'FEISHU':
      return feishu(m, channel, now);
  }
}

/**
 * Whether a 2xx answer is a success in the receiver's own terms: WeCom and DingTalk answer `errcode`, Feishu
 * `code`, 0 when the message was taken; a failure's number (never its text, which may echo the request) is kept.
 */
export function answerError(format: StoredChannel['format'], body: string): string | null {
  if (format === 'GENERIC' || format === 'SLACK') return null;
  let answer: { errcode?: unknown; code?: unknown };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    return null;
  }
  const code = format === 'FEISHU' ? answer.code : answer.errcode;
  return typeof code === 'number' && code !== 0
    ? `the receiver answered ${format === 'FEISHU' ? 'code' : 'errcode'} ${code}`
    : null;
}
