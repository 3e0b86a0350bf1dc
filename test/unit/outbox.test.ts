// The outbox of history records: kept on disk at once, written when the database takes them, taken over after a
// restart, never lost while the database fails.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createOutbox } from '../../src/history/outbox.js';

const log = pino({ level: 'silent' });

describe('history outbox', () => {
  it('writes what is put, and keeps it on disk until the database takes it, retrying', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'timpush-outbox-'));
    const written: number[] = [];
    let down = true;
    const outbox = createOutbox<number>({
      dir,
      log,
      retryMs: 20,
      write: async (entries) => {
        if (down) throw new Error('the database is unreachable');
        written.push(...entries);
      },
    });
    outbox.put(1);
    outbox.put(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(written).toEqual([]);
    expect(outbox.waiting).toBe(2);
    const [file] = readdirSync(dir);
    expect(readFileSync(join(dir, file!), 'utf8')).toBe('1\n2\n');
    down = false;
    await outbox.flushed();
    expect(written).toEqual([1, 2]);
    expect(readdirSync(dir)).toEqual([]);
    await outbox.close();
  });

  it('takes over what a stopped outbox left, and what a process that is gone left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'timpush-outbox-'));
    const first = createOutbox<string>({ dir, log, write: () => Promise.reject(new Error('down')) });
    first.put('a');
    await first.close();
    // A process that died (pid 2^22 + 1 does not run here) left one more.
    writeFileSync(join(dir, '4194305-1.ndjson'), '"b"\n{"half');
    const written: string[] = [];
    const second = createOutbox<string>({ dir, log, write: async (e) => void written.push(...e) });
    await second.flushed();
    expect(written.sort()).toEqual(['a', 'b']);
    expect(readdirSync(dir)).toEqual([]);
    await second.close();
  });
});
