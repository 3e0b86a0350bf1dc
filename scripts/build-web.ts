// Builds the dashboard (web/) into dist/web/: one bundled, minified script and stylesheet with content hashes in
// their names (served with long cache lifetimes), and index.html pointing at them (served fresh).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const final = `${root}dist/web`;

export async function buildWeb(): Promise<{ js: string; css: string }> {
  // Built aside, then moved into place: a gateway starting meanwhile finds the old build or the new one, whole.
  const out = `${final}.${process.pid}`;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(`${out}/assets`, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['web/src/main.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    outdir: `${out}/assets`,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
  const js = outputs.find((name) => name.endsWith('.js'));
  const css = outputs.find((name) => name.endsWith('.css'));
  if (!js || !css) throw new Error(`the dashboard build wrote no script or stylesheet: ${outputs.join(', ')}`);
  const html = readFileSync(`${root}web/index.html`, 'utf8')
    .replace('{{js}}', `/assets/${js}`)
    .replace('{{css}}', `/assets/${css}`);
  writeFileSync(`${out}/index.html`, html);
  rmSync(final, { recursive: true, force: true });
  renameSync(out, final);
  return { js, css };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { js, css } = await buildWeb();
  console.log(`dashboard: dist/web/index.html, assets/${js}, assets/${css}`);
}
