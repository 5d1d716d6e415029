/**
 * How a personal field travels once encrypted: `{"$enc": "<ciphertext>"}` in place of its value.
 * Exports carry personal data this way, and import must take it back unchanged, so the validator
 * accepts this shape wherever (and only where) a field is marked personal data.
 */
export interface EncryptedValue {
  $enc: string;
}

export function isEncryptedValue(value: unknown): value is EncryptedValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const ciphertext = (value as Record<string, unknown>).$enc;
  return keys.length === 1 && keys[0] === '$enc' && typeof ciphertext === 'string' && ciphertext.length > 0;
}

/** Something that tried to be an encrypted value (has `$enc`) but is not a well-formed one. */
export function isMalformedEncryptedValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '$enc' in value && !isEncryptedValue(value);
}

export const ENCRYPTED_VALUE_SCHEMA = {
  type: 'object',
  description: 'A personal field encrypted for its person: the ciphertext in place of the value',
  properties: { $enc: { type: 'string', minLength: 1 } },
  required: ['$enc'],
  additionalProperties: false,
} as const;
