// Where the package's own files are, from src/process/ under tsx or from dist/src/process/ once compiled
// (`npm start`): never from the working directory, so the gateway starts the same from any folder.
import { fileURLToPath } from 'node:url';

const here = new URL('.', import.meta.url);

/** The package's root folder (where package.json is), as a file URL ending in `/`. */
export const packageRoot: URL = new URL(here.pathname.endsWith('/dist/src/process/') ? '../../../' : '../../', here);

/** A path inside the package, e.g. `packagePath('drizzle')`. */
export const packagePath = (relative: string): string => fileURLToPath(new URL(relative, packageRoot));
