import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ID_MAP_FILE, KEY_FILE, openImportSecrets } from '../../../formats/import-secrets';
import { MAX_DATE_SHIFT_DAYS, Pseudonymiser } from '../../../formats/pseudonymiser';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qtm-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('Pseudonymiser', () => {
  it('is a keyed function: same key same pseudonym, another key another', () => {
    const a = new Pseudonymiser(Buffer.alloc(32, 1));
    const b = new Pseudonymiser(Buffer.alloc(32, 2));
    expect(a.subject('MRN4451234')).toEqual(a.subject('MRN4451234'));
    expect(a.subject('MRN4451234').pseudonym).toMatch(/^sub-[0-9a-f]{12}$/);
    expect(a.subject('MRN4451234').pseudonym).not.toBe(b.subject('MRN4451234').pseudonym);
    expect(a.subject('MRN4451234').pseudonym).not.toBe(a.subject('MRN4451235').pseudonym);
    expect(a.uid('1.2.3.4.5')).not.toBe(b.uid('1.2.3.4.5'));
    expect(a.uid('1.2.3.4.5')).toBe(a.uid('1.2.3.4.5'));
  });

  it('shifts dates into the past by at most the documented span', () => {
    const p = new Pseudonymiser(Buffer.alloc(32, 3));
    const shifts = Array.from({ length: 300 }, (_, i) => p.subject(`patient-${i}`).dateShiftDays);
    expect(Math.max(...shifts)).toBeLessThanOrEqual(-1);
    expect(Math.min(...shifts)).toBeGreaterThanOrEqual(-MAX_DATE_SHIFT_DAYS);
    expect(new Set(shifts).size).toBeGreaterThan(200);
  });

  it('makes UIDs of the 2.25 UUID form within the 64-character limit', () => {
    const uid = new Pseudonymiser(Buffer.alloc(32, 4)).uid('1.3.12.2.1107.5.2.43.66000.30000024030507');
    expect(uid).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    const value = BigInt(uid.slice(5)).toString(16).padStart(32, '0');
    expect(value[12]).toBe('8'); // UUID version 8
    expect(['8', '9', 'a', 'b']).toContain(value[16]); // RFC variant
  });

  it('refuses a short key', () => {
    expect(() => new Pseudonymiser(Buffer.alloc(16))).toThrow(
      expect.objectContaining({ code: 'INVALID_KEY' }),
    );
  });
});

describe('openImportSecrets', () => {
  it('creates a private key once, keeps it, and records each subject once in the ID map', () => {
    const a = openImportSecrets(join(dir, 's'));
    expect(statSync(join(dir, 's', KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 's')).mode & 0o777).toBe(0o700);
    const subject = a.pseudonymiser.subject('MRN1');
    a.record('MRN1', subject);
    a.record('MRN1', subject);
    const b = openImportSecrets(join(dir, 's'));
    expect(b.pseudonymiser.subject('MRN1')).toEqual(subject);
    b.record('MRN2', b.pseudonymiser.subject('MRN2'));
    const map = readFileSync(join(dir, 's', ID_MAP_FILE), 'utf8')
      .trim()
      .split('\n');
    expect(map).toEqual([
      'source_id,pseudonym,date_shift_days',
      `MRN1,${subject.pseudonym},${subject.dateShiftDays}`,
      expect.stringMatching(/^MRN2,sub-/),
    ]);
    expect(statSync(join(dir, 's', ID_MAP_FILE)).mode & 0o777).toBe(0o600);
  });

  it('refuses a key other users can read, or one that is not hex', () => {
    openImportSecrets(dir);
    chmodSync(join(dir, KEY_FILE), 0o644);
    expect(() => openImportSecrets(dir)).toThrow(expect.objectContaining({ code: 'INSECURE_KEY_FILE' }));
    writeFileSync(join(dir, KEY_FILE), 'not a key\n', { mode: 0o600 });
    chmodSync(join(dir, KEY_FILE), 0o600);
    expect(() => openImportSecrets(dir)).toThrow(expect.objectContaining({ code: 'INVALID_KEY_FILE' }));
  });
});
