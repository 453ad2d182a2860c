/**
 * Keyed pseudonyms for an import, in the manner of DICOM PS3.15 Annex E: every replacement is an HMAC-SHA256
 * (RFC 2104) under a secret key that never leaves the importing machine (import-secrets.ts), so the same
 * patient always gets the same pseudonym and date shift, the same UID always gets the same replacement (series
 * and frames of reference stay linked), and without the key none of it can be reversed or recomputed from a
 * guessed identity.
 */
import { createHmac } from 'node:crypto';
import { FormatError } from './format-error';

/** Longest date shift, days (always into the past, so that no shifted date lies in the future). */
export const MAX_DATE_SHIFT_DAYS = 730;

export interface SubjectPseudonym {
  /** `sub-` and 12 hex digits (48 bits of the HMAC). */
  pseudonym: string;
  /** Days added to every date of this subject: -MAX_DATE_SHIFT_DAYS .. -1. */
  dateShiftDays: number;
}

export class Pseudonymiser {
  constructor(private readonly key: Buffer) {
    if (key.length < 32)
      throw new FormatError(
        'INVALID_KEY',
        `the pseudonymisation key has ${key.length} bytes; it needs at least 32`,
      );
  }

  private mac(purpose: string, text: string): Buffer {
    return createHmac('sha256', this.key).update(`${purpose}\0${text}`, 'utf8').digest();
  }

  /** Pseudonym and date shift of the subject known at the source as `sourceId`. */
  subject(sourceId: string): SubjectPseudonym {
    const shift = this.mac('date-shift', sourceId).readUInt32BE(0) % MAX_DATE_SHIFT_DAYS;
    return {
      pseudonym: `sub-${this.mac('subject', sourceId).toString('hex').slice(0, 12)}`,
      dateShiftDays: -(1 + shift),
    };
  }

  /**
   * Replacement of a UID: "2.25." and the decimal value of a 128-bit UUID (PS3.5 B.2) whose bits are the HMAC
   * of the original, marked as a version 8 (custom) UUID of RFC 9562.
   */
  uid(original: string): string {
    const b = this.mac('uid', original).subarray(0, 16);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    return `2.25.${BigInt(`0x${b.toString('hex')}`).toString(10)}`;
  }
}
