import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATES = /^\d{4}-\d{2}-\d{2}(,\d{4}-\d{2}-\d{2})*$/;

export class ChronologyParams {
  @ApiPropertyOptional({ description: 'First day of the period (inclusive)', example: '2024-01-01' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last day of the period (inclusive)', example: '2024-12-31' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: 'Comma-separated dates: mark what was on record at the end of each', example: '2024-05-15,2024-09-01' })
  @IsOptional()
  @Matches(DATES, { message: 'knownAt must be dates YYYY-MM-DD separated by commas' })
  knownAt?: string;

  @ApiPropertyOptional({ description: 'Why the record is read (X-Purpose header preferred)' })
  @IsOptional()
  @IsString()
  purpose?: string;
}
