/**
 * Identifiers in the formats of the systems that issue them. Serial numbers are a permutation of
 * the person's index (multiplying by a prime coprime to the number space), so no two people of a
 * population share one, and the seed shifts the permutation so different seeds give different ids.
 */
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** The PNC/CRO check character: (two-digit year and serial) mod 23 indexes this alphabet. */
const CHECK_CHARACTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';
const PERMUTATION_PRIME = 1_000_003;

function permute(index: number, offset: number, space: number): number {
  return Number((BigInt(index) * BigInt(PERMUTATION_PRIME) + BigInt(offset)) % BigInt(space));
}

function checkCharacter(year: number, serial: number): string {
  return CHECK_CHARACTERS[Number((BigInt(year % 100) * 10_000_000n + BigInt(serial)) % 23n)];
}

export class IdentifierIssuer {
  /** @param offset derived from the seed; shifts every permutation */
  constructor(private readonly offset: number) {}

  /** PNC ID, e.g. `2019/0123456X`: year of first record, serial, check character. */
  pnc(index: number, year: number): string {
    const serial = permute(index, this.offset, 10_000_000);
    return `${year}/${String(serial).padStart(7, '0')}${checkCharacter(year, serial)}`;
  }

  /** CRO number, e.g. `012345/19K`. */
  cro(index: number, year: number): string {
    const serial = permute(index, this.offset + 7, 1_000_000);
    return `${String(serial).padStart(6, '0')}/${String(year % 100).padStart(2, '0')}${checkCharacter(year, serial)}`;
  }

  /** Probation case reference number, e.g. `X123456`. */
  crn(index: number): string {
    const value = permute(index, this.offset + 11, 26_000_000);
    return `${LETTERS[Math.floor(value / 1_000_000)]}${String(value % 1_000_000).padStart(6, '0')}`;
  }

  /** Prison (NOMS) number, e.g. `A1234BC`. */
  noms(index: number): string {
    const value = permute(index, this.offset + 13, 26 * 10_000 * 676);
    const first = LETTERS[Math.floor(value / 6_760_000)];
    const digits = String(Math.floor(value / 676) % 10_000).padStart(4, '0');
    return `${first}${digits}${LETTERS[Math.floor((value % 676) / 26)]}${LETTERS[value % 26]}`;
  }

  /** ViSOR nominal reference, e.g. `VIS0123456`. */
  visor(index: number): string {
    return `VIS${String(permute(index, this.offset + 17, 10_000_000)).padStart(7, '0')}`;
  }

  /** Local force custody reference, e.g. `44/2019/012345`. */
  force(index: number, forceCode: string, year: number): string {
    return `${forceCode}/${year}/${String(permute(index, this.offset + 19, 1_000_000)).padStart(6, '0')}`;
  }
}
