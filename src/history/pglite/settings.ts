// PostgreSQL settings of the embedded engine: sized for one gateway's history, not a database server's.
//
// PGlite starts PostgreSQL with its server defaults, and its shared memory lives in the WebAssembly heap, all of
// it touched at start: the default 128 MB of shared buffers was most of a reopened PGlite's ~300 MB. One
// connection and a history of a few hundred MB read mostly in whole days need far less; the files' pages stay in
// the operating system's cache beneath it either way.
export const PGLITE_SETTINGS = [
  'shared_buffers = 16MB',
  // Shared memory is also sized per allowed connection; PGlite has exactly one.
  'max_connections = 5',
];
