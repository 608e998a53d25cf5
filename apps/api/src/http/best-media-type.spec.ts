import { bestMediaType } from './best-media-type';

const REPORT = ['application/json', 'text/csv', 'text/html'];

describe('bestMediaType', () => {
  it('takes a type with parameters as that type', () => {
    expect(bestMediaType('application/json; charset=utf-8', ['application/json'])).toBe('application/json');
    expect(bestMediaType('application/json;charset=UTF-8', ['application/json'])).toBe('application/json');
    expect(bestMediaType('text/csv;header=present', REPORT)).toBe('text/csv');
    expect(bestMediaType('text/calendar; charset=utf-8', ['text/calendar'])).toBe('text/calendar');
  });

  it('allows none of the offers when nothing matches, or only with q=0', () => {
    expect(bestMediaType('application/xml', ['application/json'])).toBeNull();
    expect(bestMediaType('application/problem+json', ['application/json'])).toBeNull();
    expect(bestMediaType('application/json;q=0, */*', ['application/json'])).toBeNull();
    expect(bestMediaType('text/*;q=0, application/json', ['text/csv'])).toBeNull();
    expect(bestMediaType('garbage', ['application/json'])).toBeNull();
  });

  it('prefers by quality, the most specific range deciding, ties in the order offered', () => {
    expect(bestMediaType('*/*', REPORT)).toBe('application/json');
    expect(bestMediaType('', REPORT)).toBe('application/json');
    expect(bestMediaType('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', REPORT)).toBe(
      'text/html',
    );
    expect(bestMediaType('text/*;q=0.5, text/csv', REPORT)).toBe('text/csv');
    expect(bestMediaType('text/csv;q=0.2, */*;q=0.5', REPORT)).toBe('application/json');
    expect(bestMediaType('Application/JSON', ['application/json'])).toBe('application/json');
  });
});
