/**
 * BIDS-style JSON sidecars of imported series: the sidecar dcm2niix writes for a DICOM series and/or the one a
 * user places beside a series, merged key by key (later files win). Accessors check each field at the boundary
 * and a missing or bad field is a FormatError naming the sidecar(s) and the field, with the fix. Keys and units
 * follow BIDS (seconds, degrees, tesla); keys BIDS lacks are named in docs/import.md (`ContrastDose`, mmol/kg).
 */
import { readFileSync } from 'node:fs';
import { FormatError } from './format-error';

export interface SidecarFile {
  path: string;
  /** How messages name the file (free of identifying paths). */
  label: string;
}

export class Sidecar {
  private constructor(
    private readonly fields: Map<string, { value: unknown; label: string }>,
    private readonly labels: string[],
  ) {}

  /** Reads and merges the files in order; none at all gives an empty sidecar (every required field missing). */
  static read(files: SidecarFile[]): Sidecar {
    const fields = new Map<string, { value: unknown; label: string }>();
    for (const f of files) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(f.path, 'utf8'));
      } catch (err) {
        throw new FormatError(
          'CORRUPT_JSON',
          `${f.label}: not a readable JSON file (${(err as Error).message})`,
        );
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new FormatError('CORRUPT_JSON', `${f.label}: a sidecar must be a JSON object of fields`);
      for (const [key, value] of Object.entries(parsed)) fields.set(key, { value, label: f.label });
    }
    return new Sidecar(
      fields,
      files.map((f) => f.label),
    );
  }

  has(key: string): boolean {
    return this.fields.has(key);
  }

  private where(): string {
    return this.labels.length > 0 ? this.labels.join(' + ') : 'no sidecar';
  }

  /** A required number in [min, max]; `meaning` says what it is and its unit, for the message. */
  number(key: string, meaning: string, min: number, max: number): number {
    const field = this.fields.get(key);
    if (!field)
      throw new FormatError(
        'SIDECAR_FIELD_MISSING',
        `${this.where()}: field "${key}" (${meaning}) is missing; add it to the sidecar`,
      );
    return checkNumber(field.value, field.label, key, meaning, min, max);
  }

  optionalNumber(key: string, meaning: string, min: number, max: number): number | undefined {
    return this.has(key) ? this.number(key, meaning, min, max) : undefined;
  }

  /**
   * A required array of `length` numbers in [min, max]. A single number is accepted when `length` is 1, and
   * for any length when `sameForAll` (e.g. one TR for every flip angle).
   */
  numbers(
    key: string,
    meaning: string,
    length: number,
    min: number,
    max: number,
    sameForAll = false,
  ): number[] {
    const field = this.fields.get(key);
    if (!field)
      throw new FormatError(
        'SIDECAR_FIELD_MISSING',
        `${this.where()}: field "${key}" (${meaning}) is missing; add it to the sidecar`,
      );
    const values = Array.isArray(field.value)
      ? field.value
      : length === 1 || sameForAll
        ? Array<unknown>(length).fill(field.value)
        : undefined;
    if (!values || values.length !== length)
      throw new FormatError(
        'SIDECAR_FIELD_INVALID',
        `${field.label}: field "${key}" (${meaning}) must list ${length} numbers, one per volume; it holds ${JSON.stringify(field.value).slice(0, 60)}`,
      );
    return values.map((v, i) => checkNumber(v, field.label, `${key}[${i}]`, meaning, min, max));
  }

  /** A required string among `allowed`. */
  choice<T extends string>(key: string, meaning: string, allowed: readonly T[]): T {
    const field = this.fields.get(key);
    if (!field)
      throw new FormatError(
        'SIDECAR_FIELD_MISSING',
        `${this.where()}: field "${key}" (${meaning}) is missing; add "${key}": one of ${allowed.map((a) => `"${a}"`).join(', ')}`,
      );
    if (!allowed.includes(field.value as T))
      throw new FormatError(
        'SIDECAR_FIELD_INVALID',
        `${field.label}: field "${key}" (${meaning}) is ${JSON.stringify(field.value)}; expected one of ${allowed.map((a) => `"${a}"`).join(', ')}`,
      );
    return field.value as T;
  }

  /** Which file a present field came from (for follow-up messages). */
  labelOf(key: string): string {
    return this.fields.get(key)?.label ?? this.where();
  }
}

function checkNumber(
  value: unknown,
  label: string,
  key: string,
  meaning: string,
  min: number,
  max: number,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw new FormatError(
      'SIDECAR_FIELD_INVALID',
      `${label}: field "${key}" (${meaning}) is ${JSON.stringify(value)}; expected a number from ${min} to ${max}`,
    );
  return value;
}
