/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped. The same
 * value always serialises to the same bytes, whatever order a writer sent its fields in and
 * however PostgreSQL's jsonb reorders them on the way back.
 *
 * Every stored event's hash is taken over this, so it is on the import's busiest thread: it
 * builds one string as it goes rather than arrays of parts to join.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON has no representation for ' + value);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i] === undefined ? null : value[i]);
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  // Sorted as Array.prototype.sort sorts strings (by UTF-16 code units), as it always has been.
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (out.length > 1) out += ',';
    out += quotedKey(key) + canonicalJson(member);
  }
  return out + '}';
}

/**
 * `"key":` for a member name. The names repeat from event to event (the envelope's and the
 * catalogue's fields), so they are kept once quoted; a bounded number, so that odd data with
 * ever new names cannot grow the process.
 */
const quotedKeys = new Map<string, string>();
const MOST_QUOTED_KEYS = 10_000;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key) + ':';
    if (quotedKeys.size < MOST_QUOTED_KEYS) quotedKeys.set(key, quoted);
  }
  return quoted;
}
