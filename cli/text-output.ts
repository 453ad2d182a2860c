/**
 * Where a command's text output goes, written piece by piece as it is produced: a file (`--output`) or stdout.
 * Writes wait when the stream's buffer is full, so a slow disk or pipe holds back the producer instead of
 * growing memory. A file is written under a temporary name beside it and renamed into place only when the
 * command succeeds, so a failed run never leaves a truncated file that looks complete.
 */
import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { pendingFile } from '../formats/atomic-write';

export interface TextOutput {
  write(text: string): Promise<void>;
  /** Flushes everything; a file is closed and moved to its name. */
  commit(): Promise<void>;
  /** After a failure: a file's partial copy is removed; stdout keeps what it got. */
  discard(): Promise<void>;
}

/** Output to `path`, or to stdout when no path is given. */
export function openTextOutput(path?: string): TextOutput {
  if (!path) {
    const stdout = watched(process.stdout);
    return {
      write: (text) => stdout.write(text),
      commit: async () => {
        if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
        stdout.check();
      },
      discard: async () => undefined,
    };
  }
  const pending = pendingFile(path);
  // Opened here, so a path that cannot be written fails before any work is done.
  const file = createWriteStream(pending.path, { fd: openSync(pending.path, 'w') });
  const closed = new Promise<void>((resolve) => file.on('close', () => resolve()));
  const output = watched(file);
  return {
    write: (text) => output.write(text),
    commit: async () => {
      file.end();
      await closed;
      output.check();
      pending.commit();
    },
    discard: async () => {
      file.destroy();
      await closed;
      pending.discard();
    },
  };
}

/** Writes that wait for 'drain' and fail with the stream's error (e.g. EPIPE: the reader went away). */
function watched(stream: Writable): { write(text: string): Promise<void>; check(): void } {
  let failure: Error | null = null;
  stream.on('error', (err) => {
    failure = err;
  });
  const check = () => {
    if (failure) throw failure;
  };
  return {
    check,
    write: async (text) => {
      check();
      if (!stream.write(text)) await once(stream, 'drain');
      check();
    },
  };
}
