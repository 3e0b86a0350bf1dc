// The embedded engine's database, prepared once by `npm run build` (PGlite's initdb takes seconds and ~900 MB
// of memory, the migrations half a second more) and copied into a fresh DATA_DIR, which then opens like an
// existing one.
import {
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { packagePath } from '../../process/paths.js';

/** Where `npm run build` keeps it; beside it, `<dir>.json` says what made it. */
export const SEED_DIR = packagePath('dist/pglite-seed');
export const MIGRATIONS = packagePath('drizzle');

interface Stamp {
  /** PGlite's version: a cluster made by another one may not open with this one. */
  pglite: string;
  /** The migrations applied (a hash of drizzle/): newer ones are applied at open, so an older seed still works. */
  migrations: string;
}

function currentStamp(): Stamp {
  const main = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')) as { version: string };
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    hash.update(file).update(readFileSync(join(MIGRATIONS, file)));
  return { pglite: pkg.version, migrations: hash.digest('hex') };
}

/** True when `dir` holds a cluster this PGlite opens; `exact`: with the latest migration applied too. */
export function seedCurrent(dir = SEED_DIR, exact = false): boolean {
  try {
    const stamp = JSON.parse(readFileSync(`${dir}.json`, 'utf8')) as Stamp;
    const now = currentStamp();
    return (
      stamp.pglite === now.pglite &&
      (!exact || stamp.migrations === now.migrations) &&
      existsSync(join(dir, 'PG_VERSION'))
    );
  } catch {
    return false;
  }
}

/** PGlite's initdb and the migrations into `dir`, built aside and renamed: a reader never sees half of it. */
export async function buildSeed(dir = SEED_DIR): Promise<void> {
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const stamp = currentStamp();
  const db = await PGlite.create({ dataDir: partial });
  await migrate(drizzle(db), { migrationsFolder: MIGRATIONS });
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(partial, dir);
  } catch (error) {
    // Another process built it meanwhile (tests build it on first use, several at once).
    rmSync(partial, { recursive: true, force: true });
    if (!seedCurrent(dir)) throw error;
    return;
  }
  writeFileSync(`${dir}.json`, JSON.stringify(stamp));
}

/**
 * Makes `dataDir` a cluster if it is not one yet: a copy of the seed when there is one this PGlite opens (true),
 * or nothing, leaving it to PGlite's initdb (false).
 */
export function seedInto(dataDir: string, seed = SEED_DIR): boolean {
  // A folder with anything in it is not ours to replace, even half a cluster: PGlite says what is wrong with it.
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  if (!seedCurrent(seed)) return false;
  const partial = `${dataDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(dirname(dataDir), { recursive: true });
  // A copy-on-write clone where the file system can make one.
  cpSync(seed, partial, { recursive: true, mode: constants.COPYFILE_FICLONE });
  rmSync(dataDir, { recursive: true, force: true }); // empty
  renameSync(partial, dataDir);
  return true;
}
