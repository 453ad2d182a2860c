/**
 * Result rows as JSON (`--json` output, the viewer's API): bigints (row ids, byte sizes) become decimal
 * strings, dates ISO strings.
 */
export function rowsToJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v), indent);
}
