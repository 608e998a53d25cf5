import { validateSync } from 'class-validator';
import { IsCalendarDate, IsDateTime } from './is-date-time.validator';

class Sample {
  @IsDateTime() at!: unknown;
  @IsCalendarDate() day!: unknown;
}

function errors(at: unknown, day: unknown): string[] {
  return validateSync(Object.assign(new Sample(), { at, day })).map((e) => e.property);
}

describe('date validators', () => {
  it('accepts RFC 3339 with offset and real dates', () => {
    expect(errors('2026-03-29T10:00:00+02:00', '2026-02-28')).toEqual([]);
    expect(errors('2026-03-29T08:00:00.123Z', '2024-02-29')).toEqual([]);
  });

  it('refuses date-times without offset, dates that do not exist and other types', () => {
    expect(errors('2026-03-29T10:00:00', '2026-02-30')).toEqual(['at', 'day']);
    expect(errors('2026-03-29', '28-02-2026')).toEqual(['at', 'day']);
    expect(errors(12, 20260228)).toEqual(['at', 'day']);
  });

  it('refuses times of day and offsets past the clock (JavaScript reads 24:00 as midnight)', () => {
    for (const at of [
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:60:00Z',
      '2026-01-01T10:00:60Z',
      '2026-01-01T10:00:00+24:00',
    ])
      expect(errors(at, '2026-01-01')).toEqual(['at']);
    expect(errors('2026-01-01T23:59:59-23:59', '2026-01-01')).toEqual([]);
  });
});
