// `npm run build`'s last step: the embedded engine's empty cluster (dist/pglite-seed), made once per PGlite
// version, so a fresh DATA_DIR is a copy of it instead of a PGlite initdb at the gateway's first start.
import { SEED_DIR, buildSeed, seedCurrent } from '../src/history/pglite/seed.js';

if (seedCurrent(SEED_DIR, true)) {
  console.log(`pglite seed: ${SEED_DIR} is current`);
} else {
  const started = Date.now();
  await buildSeed();
  console.log(`pglite seed: ${SEED_DIR} (${Date.now() - started} ms)`);
}
