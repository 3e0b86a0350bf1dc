// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package/file, top N.
/* global process, console */
// Usage: node scripts/cpuprofile-summary.js <file.cpuprofile> [N]
import { readFileSync } from 'node:fs';

const [file, n = '30'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = (url) => {
  if (!url) return '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\/.*?\/(dist\/|src\/)/, '$1');
};
const fn = new Map();
const files = new Map();
for (const [id, us] of self) {
  const { callFrame: c } = byId.get(id);
  const name = `${c.functionName || '(anonymous)'} ${where(c.url)}:${c.lineNumber + 1}`;
  fn.set(name, (fn.get(name) ?? 0) + us);
  const f = where(c.url);
  files.set(f, (files.get(f) ?? 0) + us);
}
const top = (m) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(n))
    .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`)
    .join('\n');
console.log(
  `total ${(total / 1000).toFixed(0)} ms sampled\n\n## self time by function\n${top(fn)}\n\n## self time by package / file\n${top(files)}`,
);

// Inclusive (total) time of each function, counted once per sample however often it recurses: where the time
// goes beneath it. Only functions of this repository and of the frameworks around it.
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  const seen = new Set();
  for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
    const { callFrame: c } = byId.get(id);
    const name = `${c.functionName || '(anonymous)'} ${where(c.url)}:${c.lineNumber + 1}`;
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
  }
}
const busy = total - (fn.get('(idle) (native):0') ?? 0);
console.log(`\n## inclusive time (share of the ${(busy / 1000).toFixed(0)} ms not idle)`);
console.log(
  [...inclusive]
    .filter(
      ([k]) =>
        process.env.ALL ||
        /dist\/|graphql|yoga|envelop|pothos|whatwg|executor|node:_http|lru|dataloader|pino|prom/.test(k),
    )
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(process.env.INCL ?? 60))
    .map(([k, us]) => `${((100 * us) / busy).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`)
    .join('\n'),
);
