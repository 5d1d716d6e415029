/**
 * Personal fields are named by path: `name`, or `address.line1` for a field inside an object
 * (arrays are encrypted whole, as one value).
 */
export function valueAt(data: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (isPlainObject(value) ? value[key] : undefined), data);
}

/** A copy of `data` with the value at `path` replaced; objects along the path are copied, never changed. */
export function withValueAt(data: Record<string, unknown>, path: string, replacement: unknown): Record<string, unknown> {
  const [key, ...rest] = path.split('.');
  if (rest.length === 0) return { ...data, [key]: replacement };
  const inner = data[key];
  return { ...data, [key]: withValueAt(isPlainObject(inner) ? inner : {}, rest.join('.'), replacement) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
