/**
 * A CheckpointStore backed by a folder: `checkpoint-<step>.bin`, written to a temporary name and renamed, so
 * a process killed mid-write never leaves a half checkpoint under a real name. Keeps the newest `keep`.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { CheckpointStore } from '../perfusion/qtmnet/checkpoint';
import { writeFileAtomicAsync } from './atomic-write';

const PATTERN = /^checkpoint-(\d{10})\.bin$/;

export class FolderCheckpointStore implements CheckpointStore {
  constructor(
    readonly dir: string,
    private readonly keep = 2,
  ) {}

  async save(step: number, bytes: Uint8Array): Promise<void> {
    await writeFileAtomicAsync(
      path.join(this.dir, `checkpoint-${String(step).padStart(10, '0')}.bin`),
      bytes,
    );
    const old = (await this.steps()).slice(0, -this.keep);
    await Promise.all(old.map((name) => rm(path.join(this.dir, name), { force: true })));
  }

  async loadLatest(): Promise<Uint8Array | undefined> {
    const latest = (await this.steps()).at(-1);
    return latest === undefined ? undefined : readFile(path.join(this.dir, latest));
  }

  /** Checkpoint file names, oldest first. */
  async steps(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    return names.filter((n) => PATTERN.test(n)).sort();
  }
}
