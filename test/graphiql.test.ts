// GraphiQL is served whole by the gateway: a person without internet access still gets a working page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => (stack = await startStack()));
afterAll(() => stack.close());

const page = () => fetch(stack.url, { headers: { accept: 'text/html' } });

/** Every src/href of the page's tags: what a browser would fetch on opening it. */
function assetsOf(html: string): string[] {
  // Inlined scripts are code, not markup: only their opening tags count.
  const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, '$1');
  const tags = markup.match(/<(script|link|img|iframe|source)\b[^>]*>/gi) ?? [];
  return tags.flatMap((tag) => [...tag.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!));
}

describe('GraphiQL', () => {
  it('is one page that references no other host, with the example query filled in', async () => {
    const res = await page();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('timpush-gateway');
    expect(html).not.toContain('__TITLE__');
    expect(html).toContain('query TaskOverview');
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|cdnjs|esm\.sh/);
    for (const asset of assetsOf(html)) {
      expect(asset, `${asset} must be served by the gateway`).not.toMatch(/^(https?:)?\/\//);
      if (asset.startsWith('data:') || asset.startsWith('blob:') || asset.startsWith('#')) continue;
      const served = await fetch(new URL(asset, stack.url));
      expect(served.status, asset).toBe(200);
    }
  });
});

describe('GraphiQL in production', () => {
  let prod: Stack;
  beforeAll(async () => (prod = await startStack({ env: { NODE_ENV: 'production' } })));
  afterAll(() => prod.close());

  it('is not served', async () => {
    const res = await fetch(prod.url, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toContain('<html');
  });
});
