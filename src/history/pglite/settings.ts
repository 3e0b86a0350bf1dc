// PostgreSQL settings of the embedded engine: sized for one gateway's history, not a database server's.
//
// PGlite starts PostgreSQL with its server defaults, and its shared memory lives in the WebAssembly heap, all of
// it touched at start: the default 128 MB of shared buffers was most of a reopened PGlite's ~300 MB (measured:
// 295 MB of RSS with 128 MB, 166 MB with 16 MB, 135 MB with 1 MB). One connection and a history read mostly as
// whole days' totals need few buffers; the files' pages stay in the operating system's cache beneath them.
export const PGLITE_SETTINGS = [
  'shared_buffers = 8MB',
  // Shared memory is also sized per allowed connection; PGlite has exactly one.
  'max_connections = 5',
];
