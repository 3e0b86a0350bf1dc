// Starts a module on a worker thread of its own, compiled (dist/…/*.js) or TypeScript under tsx (`npm run dev`,
// the tests): a thread does not inherit a loader registered at run time, so there it registers tsx's first.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `entry`: the module's URL without its extension, beside the caller (`new URL('./worker', import.meta.url)`). */
export function startModuleThread(entry: URL, callerUrl: string, options: WorkerOptions = {}): Worker {
  const url = new URL(`${entry.href}.${callerUrl.endsWith('.ts') ? 'ts' : 'js'}`);
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`,
    { ...options, eval: true },
  );
}
