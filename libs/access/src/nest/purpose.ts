import { BadRequestException } from '@nestjs/common';
import { Action, isPersonRead } from '../roles';
import type { LedgerRequest } from './ledger-request';

const MAX_PURPOSE_LENGTH = 500;

/**
 * The purpose a caller states for reading a person's record: the `X-Purpose` header, or the
 * `purpose` query parameter (a page link cannot set headers). 400 when a person read has none,
 * because the access log must say why every record was opened.
 */
export function purposeOf(request: LedgerRequest, action: Action | undefined): string | undefined {
  const header = request.headers['x-purpose'];
  const stated = (Array.isArray(header) ? header[0] : header) ?? request.query?.purpose;
  const purpose = typeof stated === 'string' ? stated.trim() : '';
  if (purpose.length > MAX_PURPOSE_LENGTH) throw new BadRequestException(`the stated purpose is longer than ${MAX_PURPOSE_LENGTH} characters`);
  if (purpose !== '') return purpose;
  if (action !== undefined && isPersonRead(action)) {
    throw new BadRequestException('reading a person needs a stated purpose: send an X-Purpose header (or a purpose query parameter)');
  }
  return undefined;
}
