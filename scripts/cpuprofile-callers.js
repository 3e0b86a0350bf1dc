// Who calls a function in a V8 .cpuprofile: the stacks (N frames up) under which it spends its time.
/* global process, console */
// Usage: node scripts/cpuprofile-callers.js <file.cpuprofile> <function name> [frames up]
import { readFileSync } from 'node:fs';

const [file, target, up = '6'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (id) => {
  const c = byId.get(id).callFrame;
  return `${c.functionName || '(anon)'}@${c.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, 'dist/')}:${c.lineNumber + 1}`;
};
const stacks = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  let id = profile.samples[i];
  while (id !== undefined && byId.get(id).callFrame.functionName !== target) id = parent.get(id);
  if (id === undefined) continue;
  total += dt;
  const chain = [];
  for (let p = id, k = 0; p !== undefined && k <= Number(up); p = parent.get(p), k++) chain.push(label(p));
  const key = chain.join(' < ');
  stacks.set(key, (stacks.get(key) ?? 0) + dt);
}
console.log(`${target}: ${(total / 1000).toFixed(0)} ms inclusive`);
for (const [k, us] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 12))
  console.log(`${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
