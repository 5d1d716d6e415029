import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import { isValidDate } from '@ledger/domain/time/london';
import { isDateOrInstant } from '@ledger/domain/time/iso-8601';
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';

const DATE_MESSAGE = (field: string) => `${field} must be a calendar date YYYY-MM-DD`;

/** A real calendar date (2023-02-30 is not one), as every report's dates must be. */
const CalendarDate = (field: string) => ValidateBy({ name: 'calendarDate', validator: { validate: (value) => isValidDate(value), defaultMessage: () => DATE_MESSAGE(field) } });

/**
 * "As known at": an instant with its offset (`2024-04-01T00:00:00Z`), or a calendar date meaning
 * the end of that London day. Not every ISO-8601 form: basic (`20240401`), week, ordinal and
 * zone-less forms are refused, since they would be read wrongly or not at all.
 */
const AsOfInstant = () =>
  ValidateBy({
    name: 'asOfInstant',
    validator: { validate: (value) => isDateOrInstant(value), defaultMessage: () => 'asOf must be an ISO-8601 instant with its offset (2024-04-01T00:00:00Z) or a date YYYY-MM-DD' },
  });

/** Query parameters every report takes: "as known at" and the area filter. */
export class ScopeParams {
  @ApiPropertyOptional({ description: 'As known at this instant (ISO-8601 with its offset), or at the end of this London date (YYYY-MM-DD): only what was recorded by then', example: '2024-04-01T00:00:00Z' })
  @IsOptional()
  @AsOfInstant()
  asOf?: string;

  @ApiPropertyOptional({ description: 'Partnership area filter', example: 'hampshire-iow' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'area must be a lower-case area name like hampshire-iow' })
  area?: string;

  @ApiPropertyOptional({ description: 'Why the record is read (person reads; X-Purpose header preferred)' })
  @IsOptional()
  @IsString()
  purpose?: string;
}

export class AtParams extends ScopeParams {
  @ApiPropertyOptional({ description: 'Date (default: today in London)', example: '2014-03-31' })
  @IsOptional()
  @CalendarDate('at')
  at?: string;
}

export class ReviewsParams extends AtParams {
  @ApiPropertyOptional({ description: 'Only overdue reviews' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: string;
}

export class PeriodParams extends ScopeParams {
  @ApiProperty({ example: '2013-04-01' })
  @CalendarDate('from')
  from!: string;

  @ApiProperty({ example: '2014-03-31' })
  @CalendarDate('to')
  to!: string;
}

export class ReoffendingParams extends PeriodParams {
  @ApiPropertyOptional({ enum: ['gender', 'age'] })
  @IsOptional()
  @IsIn(['gender', 'age'], { message: 'by must be gender or age' })
  by?: 'gender' | 'age';
}

export class TimelineParams extends ScopeParams {}

export class EventsLogParams {
  @ApiPropertyOptional({ description: 'Global position to read after', example: 0 })
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt({ message: 'after must be a whole number' })
  @Min(0, { message: 'after must be 0 or more' })
  after?: number;

  @ApiPropertyOptional({ description: 'At most this many events (1-1000)', example: 100 })
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(1000, { message: 'limit must be at most 1000' })
  limit?: number;
}

export class AccessLogParams {
  @ApiProperty()
  @IsString({ message: 'personId is required' })
  @Matches(/\S/, { message: 'personId is required' })
  personId!: string;
}
