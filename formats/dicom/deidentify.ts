/**
 * De-identification of one DICOM file before anything else reads it (dcm2niix included): the Basic Profile of
 * PS3.15 Annex E (basic-profile.ts) with the Retain Longitudinal Temporal Information with Modified Dates
 * Option. Patient name and ID become the pseudonym (a dummy value, as action Z allows); every date (DA) and
 * date-time (DT) moves by the subject's shift, times of day stay (the shift is whole days), so frame timing
 * survives; the birth date is emptied; every UID that is not a DICOM-defined one is replaced by its keyed
 * pseudonym, consistently across files; profile actions apply inside sequences too; any person name the table
 * does not list is emptied as well. The result says so in Patient Identity Removed and De-identification Method.
 */

import { profileAction } from './basic-profile';
import type { DicomElement, DicomFile } from './dicom-file';
import { textOf } from './dicom-file';
import { textValue } from './dicom-write';

export interface DeidentifyContext {
  pseudonym: string;
  /** Days added to every date (negative: into the past). */
  dateShiftDays: number;
  /** Keyed replacement of a UID. */
  uid: (original: string) => string;
}

const PATIENT_NAME = 0x00100010;
const PATIENT_ID = 0x00100020;
const BIRTH_DATE = 0x00100030;
const DICOM_DEFINED_UID = /^1\.2\.840\.10008\./;
/** How an implicit VR file's unknown value is recognised as a UID: 2.25 UUID form, or 4+ numeric components. */
const UID_SHAPE = /^(2\.25\.\d+|\d+(\.\d+){3,})$/;
const METHOD =
  'DICOM PS3.15 E.1 Basic Profile; Retain Longitudinal Temporal Information Modified Dates Option';
const META_REMOVED = new Set([0x00020016, 0x00020017, 0x00020018, 0x00020100, 0x00020102]);

/** A de-identified copy of a parsed file (the input is not modified). */
export function deidentifyDicom(file: DicomFile, ctx: DeidentifyContext): DicomFile {
  const meta = file.meta
    .filter((e) => !META_REMOVED.has(e.tag))
    .map((e) => (e.tag === 0x00020003 ? { ...e, value: textValue('UI', ctx.uid(textOf(e))) } : e));
  const added: DicomElement[] = [
    { tag: 0x00120062, vr: 'CS', value: textValue('CS', 'YES') },
    { tag: 0x00120063, vr: 'LO', value: textValue('LO', METHOD) },
    { tag: 0x00280303, vr: 'CS', value: textValue('CS', 'MODIFIED') },
  ];
  const kept = clean(file.dataset, ctx).filter((e) => !added.some((a) => a.tag === e.tag));
  const dataset = [...kept, ...added].sort((a, b) => a.tag - b.tag);
  return { ...file, meta, dataset };
}

function clean(elements: DicomElement[], ctx: DeidentifyContext): DicomElement[] {
  const out: DicomElement[] = [];
  for (const e of elements) {
    const vr = e.vr === 'UN' && e.value && UID_SHAPE.test(textOf(e)) ? 'UI' : e.vr;
    const action = profileAction(e.tag);
    const text = (s: string): DicomElement => ({ tag: e.tag, vr: e.vr, value: textValue(vr, s) });
    if (e.tag === PATIENT_NAME || e.tag === PATIENT_ID) out.push(text(ctx.pseudonym));
    else if (e.tag === BIRTH_DATE) out.push(text(''));
    else if ((e.tag >>> 16) % 2 === 1 || (action === 'remove' && !['DA', 'DT', 'TM'].includes(vr))) continue;
    else if (vr === 'DA') out.push(text(splitValues(e, (d) => shiftDate(d, ctx.dateShiftDays))));
    else if (vr === 'DT')
      out.push(
        text(
          splitValues(e, (d) =>
            d.length >= 8 ? shiftDate(d.slice(0, 8), ctx.dateShiftDays) + d.slice(8) : '',
          ),
        ),
      );
    else if (vr === 'TM') out.push(e);
    else if (vr === 'UI')
      out.push(text(splitValues(e, (u) => (u === '' || DICOM_DEFINED_UID.test(u) ? u : ctx.uid(u)))));
    else if (action === 'empty' || action === 'dummy' || vr === 'PN')
      out.push(e.items ? { tag: e.tag, vr: 'SQ', items: [] } : text(action === 'dummy' ? dummy(vr) : ''));
    else if (e.items) out.push({ ...e, items: e.items.map((item) => clean(item, ctx)) });
    else out.push(e);
  }
  return out;
}

/** Applies `fn` to each backslash-separated value. */
function splitValues(e: DicomElement, fn: (value: string) => string): string {
  return textOf(e)
    .split('\\')
    .map((v) => fn(v.trim()))
    .join('\\');
}

/** YYYYMMDD moved by `days`; anything else (partial or malformed dates) becomes empty. */
export function shiftDate(date: string, days: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (!m) return '';
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(t.getUTCFullYear(), 4)}${pad(t.getUTCMonth() + 1, 2)}${pad(t.getUTCDate(), 2)}`;
}

function dummy(vr: string): string {
  if (vr === 'IS' || vr === 'DS') return '0';
  if (vr === 'PN') return 'ANONYMIZED';
  return ['AE', 'CS', 'LO', 'LT', 'SH', 'ST', 'UC', 'UT'].includes(vr) ? 'ANONYMIZED' : '';
}
