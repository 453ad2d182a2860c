/**
 * Canonical JSON (keys sorted at every level, no whitespace) and its sha256: the identity of configs,
 * manifests and step-cache keys. The same value always gives the same bytes, hence the same hash.
 */
import { sha256Hex } from '../perfusion/sha256';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function hashOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
