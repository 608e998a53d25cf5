import { plainToInstance } from 'class-transformer';
import { FromDecimalDigits } from './from-decimal-digits';

class Query {
  @FromDecimalDigits(4) year!: unknown;
  @FromDecimalDigits(1) quarter!: unknown;
}

const read = (plain: Record<string, unknown>) => plainToInstance(Query, plain);

describe('FromDecimalDigits', () => {
  it('reads exactly the given number of decimal digits as a number', () => {
    expect(read({ year: '2026', quarter: '4' })).toEqual({ year: 2026, quarter: 4 });
    expect(read({ year: '0999', quarter: '0' })).toEqual({ year: 999, quarter: 0 });
  });

  it('leaves every other spelling as it came, for @IsInt to refuse', () => {
    for (const year of [
      '0x7EA',
      '0b11111101010',
      '+2026',
      ' 2026',
      '2026 ',
      '02026',
      '2026.0',
      '2e3',
      '',
      '２０２６',
    ])
      expect(read({ year }).year).toBe(year);
    for (const quarter of ['1e0', ' 1', '01', '2.0', '-1', '+1'])
      expect(read({ quarter }).quarter).toBe(quarter);
    expect(read({ quarter: ['1', '2'] }).quarter).toEqual(['1', '2']);
    expect(read({}).year).toBeUndefined();
  });
});
