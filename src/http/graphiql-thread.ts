// Renders GraphiQL's page on a short-lived thread (./graphiql-render.ts): the page inlines GraphiQL's whole
// build, a 9 MB module that took ~130 ms of the event loop to load and 28 MB of heap to keep. The gateway's
// thread keeps only the rendered page, as bytes, from the first time someone opens it.
import { once } from 'node:events';
import type { GraphiQLOptions } from 'graphql-yoga';
import { startModuleThread } from '../process/threads.js';

export type RenderResult = { html: string } | { error: string };

export function graphiqlRenderer(): (options?: GraphiQLOptions) => Promise<string> {
  const pages = new Map<string, Promise<string>>();
  return (options = {}) => {
    // yoga passes the same options for every page view; the key only guards against it ever not doing so.
    const key = JSON.stringify(options);
    let page = pages.get(key);
    if (!page) {
      page = render(options);
      pages.set(key, page);
      page.catch(() => pages.delete(key)); // tried again at the next view
    }
    return page;
  };
}

async function render(options: GraphiQLOptions): Promise<string> {
  const worker = startModuleThread(new URL('./graphiql-render', import.meta.url), import.meta.url, {
    workerData: options,
  });
  const [result] = (await Promise.race([
    once(worker, 'message'),
    once(worker, 'exit').then(([code]) => [{ error: `its thread exited with ${String(code)}` }]),
  ])) as [RenderResult];
  if ('error' in result) throw new Error(`GraphiQL could not be rendered: ${result.error}`);
  return result.html;
}
