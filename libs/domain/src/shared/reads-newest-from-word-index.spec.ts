import { readsNewestFromWordIndex } from './reads-newest-from-word-index';

const rows = 1_000_000;

describe('readsNewestFromWordIndex', () => {
  // The planner's estimates of the benchmark's search words at a million incidents, and which way
  // was faster through the api (bench/README.md).
  it('reads rare words from the word index', () => {
    for (const [matches, shortestList] of [
      [4_886, 4_886], // Schiermonnikoog: 12 ms against 28 walking
      [8_652, 8_652], // Zwolle: 14 against 37
      [21_614, 21_614], // stikstofvergunning: 18 against 25
      [5_131, 51_700], // terugvordering kinderopvangtoeslag: 19 against 38
      [3_392, 36_433], // omgevingsvergunning termijn: 27 against 34
    ])
      expect(readsNewestFromWordIndex({ matches, shortestList, rows })).toBe(true);
  });

  it('walks for common words, and for words that are rare only together', () => {
    for (const [matches, shortestList] of [
      [43_397, 43_397], // datalek: 18 walking against 25
      [119_062, 119_062], // huurtoeslag: 17 against 71
      [29_635, 137_800], // DigiD storing: 24 against 78
      [24_035, 135_800], // koppeling basisregistratie: 14 against 100
      [20_105, 116_800], // wachttijd bezwaarschriften: 26 against 30
    ])
      expect(readsNewestFromWordIndex({ matches, shortestList, rows })).toBe(false);
  });

  it('leaves a search of a few thousand matches at most to the planner, which reads them all cheaply', () => {
    // Two case numbers, and "Lelystad storing": as fast either way; lessons about Zwolle.
    for (const [matches, shortestList] of [
      [1, 1_200],
      [865, 6_569],
      [1_467, 1_467],
    ])
      expect(readsNewestFromWordIndex({ matches, shortestList, rows })).toBe(false);
  });

  it('moves the line with the size of the register', () => {
    expect(readsNewestFromWordIndex({ matches: 10_000, shortestList: 10_000, rows })).toBe(true);
    expect(readsNewestFromWordIndex({ matches: 10_000, shortestList: 10_000, rows: rows / 10 })).toBe(false);
  });

  it('walks when the register was never analysed (no row count)', () => {
    expect(readsNewestFromWordIndex({ matches: 5_000, shortestList: 5_000, rows: -1 })).toBe(false);
  });
});
