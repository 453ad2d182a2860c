import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  pendingFile,
  writeFileAtomic,
  writeFileAtomicAsync,
  writeFolderAtomic,
} from '../../../formats/atomic-write';
import { tempDir, tree } from '../edges/edge-fixtures';

describe('atomic outputs', () => {
  it('a file appears under its name only when complete; its folders are created', async () => {
    const dir = tempDir('atomic');
    const pending = pendingFile(join(dir, 'out.csv'));
    writeFileSync(pending.path, 'a,b\n');
    expect(tree(dir)).toEqual([expect.stringMatching(/^\.out\.csv\.partial-/)]);
    pending.commit();
    pending.discard();
    expect(tree(dir)).toEqual(['out.csv']);
    writeFileAtomic(join(dir, 'x', 'y', 'z.txt'), 'z');
    await writeFileAtomicAsync(join(dir, 'x', 'w.bin'), Uint8Array.of(1, 2));
    expect(readFileSync(join(dir, 'x', 'y', 'z.txt'), 'utf8')).toBe('z');
    expect([...readFileSync(join(dir, 'x', 'w.bin'))]).toEqual([1, 2]);
  });

  it('a failed write leaves neither a temporary file nor the folders it created', () => {
    const dir = tempDir('atomic');
    // A folder where the file should go: the rename fails after the bytes were written.
    mkdirSync(join(dir, 'new', 'taken.txt'), { recursive: true });
    writeFileSync(join(dir, 'new', 'taken.txt', 'inside'), '');
    expect(() => writeFileAtomic(join(dir, 'new', 'taken.txt'), 'x')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(tree(dir)).toEqual(['new', 'new/taken.txt', 'new/taken.txt/inside']);
    expect(() => writeFileAtomic(join(dir, 'a', 'b', 'c.txt'), 1 as unknown as string)).toThrow();
    expect(tree(dir)).not.toContain('a');
  });

  it('a folder appears whole, or not at all when filling it fails', async () => {
    const dir = tempDir('atomic');
    await writeFolderAtomic(join(dir, 'maps', 'm'), (tmp) => {
      writeFileSync(join(tmp, 'a.nii.gz'), 'a');
      expect(tree(dir)).not.toContain(join('maps', 'm'));
    });
    expect(tree(dir)).toEqual(['maps', 'maps/m', 'maps/m/a.nii.gz']);
    await expect(
      writeFolderAtomic(join(dir, 'other', 'n'), (tmp) => {
        writeFileSync(join(tmp, 'half.nii.gz'), 'h');
        throw new Error('stopped half-way');
      }),
    ).rejects.toThrow('stopped half-way');
    expect(tree(dir)).toEqual(['maps', 'maps/m', 'maps/m/a.nii.gz']);
  });

  it('into a folder that already holds files, new files replace theirs and the others stay', async () => {
    const dir = tempDir('atomic');
    mkdirSync(join(dir, 'subject', 'truth'), { recursive: true });
    writeFileSync(join(dir, 'subject', 'keep.txt'), 'keep');
    writeFileSync(join(dir, 'subject', 'truth', 'vp.nii.gz'), 'old');
    await writeFolderAtomic(join(dir, 'subject'), (tmp) => {
      mkdirSync(join(tmp, 'truth'));
      writeFileSync(join(tmp, 'truth', 'vp.nii.gz'), 'new');
      writeFileSync(join(tmp, 'conc.nii.gz'), 'c');
    });
    expect(tree(join(dir, 'subject'))).toEqual(['conc.nii.gz', 'keep.txt', 'truth', 'truth/vp.nii.gz']);
    expect(readFileSync(join(dir, 'subject', 'truth', 'vp.nii.gz'), 'utf8')).toBe('new');
    expect(tree(dir).filter((p) => p.includes('.partial-'))).toEqual([]);
  });
});
